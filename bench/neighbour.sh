#!/usr/bin/env bash
# Does work on the other core slow the training? Case (a)'s 30-epoch train() in TrainBench --serve, pinned to CPU 0
# and warmed by 150 runs, timed 10 times alone, 10 times with a Python busy loop pinned to CPU 1, and 10 times with
# numpy summing a 16 MB array over and over on CPU 1 (memory traffic through the shared L3); three rounds. Prints
# the median, min and max wall seconds of each kind. On 2 cores a service's other threads (HTTP, event streams,
# epoch writes, the JIT) and its client run beside the training; this says what their mere presence costs, apart
# from taking the training's own core (bench/preemption.sh).
# Usage: bench/neighbour.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -f bench/out/digits.csv ] || "$PY" bench/gen_data.py bench/out
. bench/java.sh >/dev/null
LOG=$(mktemp)
trap 'kill ${SP:-} ${TRAINER_PID:-} 2>/dev/null || true; rm -f "$LOG"' EXIT
coproc TRAINER { taskset -c 0 "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench \
  bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
until read -r line <&"${TRAINER[0]}" && [ "$line" = READY ]; do :; done
train() { echo 30 >&"${TRAINER[1]}"; read -r line <&"${TRAINER[0]}"; echo "$1 $(echo "$line" | grep -oE 'wall_s=[0-9.]+')" >> "$LOG"; }
for _ in $(seq 1 150); do echo 30 >&"${TRAINER[1]}"; read -r line <&"${TRAINER[0]}"; done
for _ in 1 2 3; do
  for _ in $(seq 1 10); do sleep 0.2; train alone; done
  taskset -c 1 "$PY" -c 'while True: pass' & SP=$!
  sleep 0.2
  for _ in $(seq 1 10); do train busy-loop; done
  kill $SP
  taskset -c 1 "$PY" -c '
import numpy as np
a = np.random.rand(2000000)
while True: a.sum()' & SP=$!
  sleep 0.5
  for _ in $(seq 1 10); do train memory; done
  kill $SP
done
"$PY" - "$LOG" <<'PYEOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, wall = line.split()
    runs[kind].append(float(wall.split("=")[1]))
alone = statistics.median(runs["alone"])
for kind, v in runs.items():
    m = statistics.median(v)
    print(f"{kind:10s} n={len(v)} median {m:.4f} s ({100 * (m / alone - 1):+.1f} %), min {min(v):.4f}, max {max(v):.4f}")
PYEOF
