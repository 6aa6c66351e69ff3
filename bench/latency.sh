#!/usr/bin/env bash
# Case (d) seen by a client: where its time from the POST to the event stream's close exceeds the job's own
# createdAt -> finishedAt. Starts the packaged service (bench/service.sh), then bench/client.py submits WARM
# warm-up jobs (default 60) and N timed ones (default 20) of case (a), 30 epochs, one at a time, each after a 0.3 s
# pause, and the medians of its stamps over the timed jobs are printed: post_s (POST sent -> createdAt), final_s
# (finishedAt -> final status read from the event stream), close_s (-> stream closed).
# Usage: bench/latency.sh   |   WARM=300 N=50 bench/latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
trap stop_service EXIT
start_service
for _ in $(seq 1 $((${WARM:-60} + ${N:-20}))); do sleep 0.3; echo 30; done \
  | "$PY" bench/client.py "$BASE" "$DIGITS" | tail -n "${N:-20}" > "$WORK/jobs"
"$PY" - "$WORK/jobs" <<'PYEOF'
import re, statistics, sys
jobs = open(sys.argv[1]).read().split("\n")[:-1]
for key in ("service_s", "client_s", "post_s", "final_s", "close_s"):
    values = [float(re.search(key + r"=([\d.-]+)", j).group(1)) for j in jobs]
    print(f"{key}: {statistics.median(values):.4f} (min {min(values):.4f}, max {max(values):.4f}, n={len(values)})")
PYEOF
