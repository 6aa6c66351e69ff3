#!/usr/bin/env bash
# Rebuilds the committed libdescent_mkl.so from mkl_intel_path.c (see its comment). Needs gcc on linux-x86_64.
set -euo pipefail
cd "$(dirname "$0")"
OUT=../resources/io/descent/training/libdescent_mkl-linux-x86_64.so
mkdir -p "$(dirname "$OUT")"
gcc -O2 -shared -fPIC -s -Wl,--build-id=none -Wl,-z,now -o "$OUT" mkl_intel_path.c -Wl,--no-as-needed -ldl
echo "built $OUT ($(stat -c %s "$OUT") bytes)"
