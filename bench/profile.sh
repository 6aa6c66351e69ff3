#!/usr/bin/env bash
# Where a step of Descent's training loop spends its time, by PyTorch operation: one timed run of TrainBench under
# PyTorch's profiler (after the usual warm-up), then bench/profile_ops.py on the trace. Arguments are TrainBench's;
# default case (c) of bench/run.sh for one epoch. The profiler slows each operation a little; read the shares.
# Usage: bench/profile.sh [csv task units batch epochs warmup-steps]
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(bench/out/regression.csv regression 512,512 256 1 1)
[ -f bench/out/regression.csv ] || /usr/bin/python3 bench/gen_data.py bench/out
. bench/java.sh
TRACE=$(mktemp --suffix=.json)
trap 'rm -f "$TRACE"' EXIT
line=$("${BENCH_JAVA[@]}" -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench "${ARGS[@]}" --profile "$TRACE" \
  2>/dev/null | grep -E '^(RESULT|PROFILE)')
echo "$line"
python3 bench/profile_ops.py "$TRACE" "$(echo "$line" | grep "^PROFILE" | sed -n "s/.* steps=\([0-9]*\).*/\1/p")"
