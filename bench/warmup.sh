#!/usr/bin/env bash
# Does Descent's case (b) loop (batch 256, 100 timed epochs) depend on how long the JVM warmed up? Alternates
# TrainBench runs after 2,000 warm-up steps (bench/run.sh's) and after 20,000, PAIRS times (default 5), and prints
# samples/s. With COMPILES=1 each run also lists the JIT compilations of the training loop's own methods
# (-XX:+PrintCompilation lines of Trainer and EpochLoop: time in ms since start, id, flags, tier, method).
# Usage: bench/warmup.sh [pairs]   |   COMPILES=1 bench/warmup.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/out/digits.csv ] || /usr/bin/python3 bench/gen_data.py bench/out
. bench/java.sh
for r in $(seq 1 "${1:-5}"); do
  for warmup in 2000 20000; do
    out=$("${BENCH_JAVA[@]}" -Dai.djl.pytorch.num_threads=1 $([ "${COMPILES:-0}" = 1 ] && echo -XX:+PrintCompilation) \
      io.descent.bench.TrainBench bench/out/digits.csv classification 128,64 256 100 "$warmup" 2>/dev/null)
    echo "pair=$r warmup_steps=$warmup $(echo "$out" | grep -oE 'samples_per_s=[0-9.]+' | tail -1)"
    [ "${COMPILES:-0}" = 1 ] && echo "$out" | grep -E 'io\.descent\.training\.(Trainer|EpochLoop)::' | grep -v '\$' || true
  done
done
