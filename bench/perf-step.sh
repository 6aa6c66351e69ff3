#!/usr/bin/env bash
# Where the training thread's CPU goes in case (b) (batch 256), by function: perf samples (cpu-clock, 4 kHz) of one
# TrainBench run of EPOCHS timed epochs (default 1500) after 20,000 warm-up steps, main thread only, JIT-compiled
# Java named through -XX:+DumpPerfMapAtExit. The warm-up and the JVM's start are in the samples too; read shares.
# Usage: bench/perf-step.sh [top, default 25]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/out/digits.csv ] || /usr/bin/python3 bench/gen_data.py bench/out
. bench/java.sh
DATA=$(mktemp)
trap 'rm -f "$DATA"' EXIT
perf record -q -e cpu-clock -F 4000 -o "$DATA" -- "${BENCH_JAVA[@]}" -XX:+UnlockDiagnosticVMOptions \
  -XX:+DumpPerfMapAtExit -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench bench/out/digits.csv \
  classification 128,64 256 "${EPOCHS:-1500}" 20000 2>/dev/null | grep '^RESULT'
# The java launcher's main thread keeps the name "java"; the JVM's own threads have theirs.
perf report -i "$DATA" --no-children --comm java --sort dso 2>/dev/null | grep -vE '^(#|$)' | head -8
perf report -i "$DATA" --no-children --comm java --sort sym 2>/dev/null | grep -vE '^(#|$)' \
  | sed -E 's/(.{150}).*/\1…/' | head -"${1:-25}"
