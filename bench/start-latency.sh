#!/usr/bin/env bash
# Measures how soon a job submitted to an idle service starts: startedAt − createdAt of N small jobs, each
# submitted after the previous one finished. Needs a running service (./mvnw spring-boot:run) with the example
# datasets. Usage: bench/start-latency.sh [N=10] [BASE=http://localhost:8080]
set -euo pipefail
N=${1:-10}
BASE=${2:-http://localhost:8080}
for i in $(seq 1 "$N"); do
  id=$(curl -s -H 'Content-Type: application/json' "$BASE/api/v1/jobs" -d '{"name": "latency-'"$i"'",
      "datasetId": "11111111-1111-4111-8111-111111111111", "epochs": 2, "seed": 1}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    status=$(curl -s "$BASE/api/v1/jobs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    case $status in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    sleep 0.2
  done
  curl -s "$BASE/api/v1/jobs/$id" | python3 -c '
import json, sys
from datetime import datetime
j = json.load(sys.stdin)
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
print("start_latency_s=%.3f" % (t(j["startedAt"]) - t(j["createdAt"])).total_seconds())'
done | python3 -c '
import re, statistics, sys
xs = [float(re.search(r"=([0-9.]+)", l).group(1)) for l in sys.stdin]
print("start latency over %d idle submissions: median %.3f s, min %.3f s, max %.3f s" % (len(xs), statistics.median(xs), min(xs), max(xs)))'
