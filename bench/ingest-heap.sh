#!/usr/bin/env bash
# Measures what uploading a ~100 MB numeric CSV costs: seconds, and heap before/after/peak, with the app
# capped at -Xmx1g to prove the two-pass ingest does not hold the file in memory.
# Usage: bench/ingest-heap.sh [size-in-MB, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-100}
OUT=bench/out
mkdir -p "$OUT"
WORK=$(mktemp -d)
CSV="$OUT/numeric-${SIZE_MB}mb.csv"

if [ ! -s "$CSV" ]; then
  echo "generating $CSV" >&2
  # 20 numeric features and an integer class label with 5 values; deterministic
  awk -v target=$((SIZE_MB * 1024 * 1024)) 'BEGIN {
    srand(42); header = "f1"; for (i = 2; i <= 20; i++) header = header ",f" i; print header ",label";
    bytes = 0;
    while (bytes < target) {
      line = sprintf("%.5f", rand() * 100);
      for (i = 2; i <= 20; i++) line = line "," sprintf("%.5f", rand() * 100 - 50);
      line = line "," int(rand() * 5);
      print line; bytes += length(line) + 1;
    } }' > "$CSV"
fi

./mvnw -q -DskipTests package
JAR=$(ls target/descent-*.jar | grep -v original | head -1)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

java -Dai.djl.offline=true -Xmx1g -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" \
  --server.port="$PORT" --descent.data-dir="$WORK/data" --descent.examples.enabled=false \
  > "$WORK/app.log" 2>&1 &
APP=$!
trap 'rc=$?; kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"; exit $rc' EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
  sleep 1
done

heap() { curl -s "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
  | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["measurements"][0]["value"]/1048576,1))'; }

BEFORE=$(heap)
MARK=$(wc -l < "$WORK/gc.log")
START=$(date +%s.%N)
STATUS=$(curl -s -o "$WORK/response.json" -w '%{http_code}' -F "file=@$CSV" "http://127.0.0.1:$PORT/api/v1/datasets")
END=$(date +%s.%N)
AFTER=$(heap)
# Peak: the largest heap occupancy any GC saw before collecting during the upload ("Pause ... 512M->40M(1024M)").
PEAK=$(tail -n +"$((MARK + 1))" "$WORK/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | cut -dM -f1 | sort -n | tail -1)

echo "file:            $CSV ($(du -m "$CSV" | cut -f1) MB, $(($(wc -l < "$CSV") - 1)) rows)"
echo "status:          $STATUS  $(head -c 200 "$WORK/response.json")"
echo "seconds:         $(python3 -c "print(round($END - $START, 1))")"
echo "heap before:     ${BEFORE} MB"
echo "heap after:      ${AFTER} MB"
echo "heap peak (GC):  ${PEAK:-n/a} MB (of -Xmx1g)"
[ "$STATUS" = 201 ]
