#!/usr/bin/env bash
# Back-to-back uploads of the 80 MB CSV (bench/out/ingest.csv, 100,000 × 100), each deleted after it is stored, on a
# fresh service at -Xmx1g, TRIALS times (default 8) with N uploads each (default 6): how often the service dies of
# OutOfMemoryError (docker/jvm.options exits on it), with each trial's full collections and largest heap before a
# collection. CHUNK sets descent.datasets.chunk-size (default: the service's own, 256KB; 1MB was the old default,
# under which about a third of such trials died).
# Usage: bench/ingest-oom.sh   |   CHUNK=1MB TRIALS=8 bench/ingest-oom.sh
set -uo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
[ -f bench/out/ingest.csv ] || "$PY" bench/gen_data.py bench/out ingest
trap 'stop_service' EXIT
./mvnw -q -DskipTests package
BUILT=1
dead=0
trials=${TRIALS:-8}
gc="${TMPDIR:-/tmp}/ingest-oom-gc.log"
for t in $(seq 1 "$trials"); do
  start_service ${CHUNK:+-Ddescent.datasets.chunk-size=$CHUNK} -Xlog:gc:file="$gc"
  for i in $(seq 1 "${N:-6}"); do
    id=$(curl -sf -F "file=@bench/out/ingest.csv" -F label=label -F task=regression "$BASE/datasets" \
      | sed -E 's/^\{"id":"([^"]+)".*/\1/')
    [ -n "$id" ] && curl -sf -X DELETE "$BASE/datasets/$id" >/dev/null
    kill -0 "$APP" 2>/dev/null || break
  done
  full=$(grep -c 'Pause Full' "$gc")
  peak=$(grep -oE '[0-9]+M->' "$gc" | sed 's/M->//' | sort -n | tail -1)
  if kill -0 "$APP" 2>/dev/null; then
    echo "trial $t: alive after ${N:-6} uploads; full collections $full; largest heap before a collection ${peak}M"
  else
    dead=$((dead + 1))
    echo "trial $t: died during upload $i ($(grep -m1 -oE 'Terminating due to .*' "$WORK/app.log")); full collections $full"
  fi
  stop_service
  APP=
done
echo "chunk size ${CHUNK:-default}: died in $dead of $trials trials"
