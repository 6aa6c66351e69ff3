#!/usr/bin/env bash
# Rebuilds the committed libdescent_mkl.so from mkl_intel_path.c and libdescent_blas.so from blas_threads.c (see
# their comments). Needs gcc on linux-x86_64 and a JDK's jni.h (JAVA_HOME, or the one javac belongs to).
set -euo pipefail
cd "$(dirname "$0")"
OUT=../resources/io/descent/training/libdescent_mkl-linux-x86_64.so
mkdir -p "$(dirname "$OUT")"
gcc -O2 -shared -fPIC -s -Wl,--build-id=none -Wl,-z,now -o "$OUT" mkl_intel_path.c -Wl,--no-as-needed -ldl
echo "built $OUT ($(stat -c %s "$OUT") bytes)"
JDK=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
BLAS=../resources/io/descent/training/libdescent_blas-linux-x86_64.so
gcc -O2 -shared -fPIC -s -Wl,--build-id=none -Wl,-z,now -I"$JDK/include" -I"$JDK/include/linux" -o "$BLAS" \
  blas_threads.c -Wl,--no-as-needed -ldl
echo "built $BLAS ($(stat -c %s "$BLAS") bytes)"
