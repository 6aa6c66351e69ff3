#!/usr/bin/env bash
# One Adam update, as the trainer runs it (a Java loop over host arrays, plus the two copies between host and tensor
# memory that each step costs) and as DJL's native Adam update on tensors, for case (a)'s and case (c)'s parameter
# buffers (17,232 and 314,896 values: 17,226 and 314,881 parameters plus the buffer's alignment gaps). 1 PyTorch thread, best of 5 rounds.
# Usage: bench/optimizer.sh [n ...]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/java.sh
NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(17232 314896)
for n in "${NS[@]}"; do
  "${BENCH_JAVA[@]}" -Dai.djl.pytorch.num_threads=1 io.descent.training.OptimizerBench "$n" 2>/dev/null | grep '^ADAM'
done
