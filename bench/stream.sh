#!/usr/bin/env bash
# A long job followed over its event stream: what following costs the service and the training. Starts the packaged
# service (bench/service.sh; JAR: another jar, e.g. an older build), uploads the iris example, runs five 300-epoch
# jobs to warm it, then one job of EPOCHS epochs (default 20,000; one batch of the 120 training rows an epoch, so
# epochs of a fraction of a millisecond pile up between the 100 ms epoch writes) and prints the CPU seconds of the
# service's event-stream thread ("job-events") during it, the client's wall time from the POST to the stream's close,
# the epoch events received and the job's own train_s and epochs_s (the sum of its epochs' own seconds; the rest of
# train_s is the run's work between epochs), then, once it has ended, the median of 20 reads of its whole history
# (GET /jobs/{id}/epochs, after 10 unreported ones), as a dashboard polling a long job makes them.
# FOLLOW=0: the job is polled every 0.5 s instead, the baseline.
# Usage: bench/stream.sh   |   EPOCHS=5000 FOLLOW=0 bench/stream.sh   |   JAR=/tmp/old.jar bench/stream.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
trap stop_service EXIT
start_service
EPOCHS=${EPOCHS:-20000}
IRIS=$(curl -sf -F file=@../shared/data/iris.csv -F label=label -F task=classification "$BASE/datasets" \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
spec() {
  echo "{\"name\":\"stream\",\"datasetId\":\"$IRIS\",\"model\":{\"type\":\"mlp\",\"layers\":[{\"units\":8,\"activation\":\"relu\"}]},\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01},\"batchSize\":120,\"epochs\":$1,\"seed\":1,\"validation\":{\"holdout\":0.2}}"
}
submit() { curl -sf -H 'Content-Type: application/json' -d "$(spec "$1")" "$BASE/jobs" | sed -E 's/^\{"id":"([^"]+)".*/\1/'; }
SPEC=$(spec 300)
for _ in 1 2 3 4 5; do job; done
TID=$(for t in /proc/$APP/task/*; do [ "$(cat "$t/comm")" = job-events ] && basename "$t"; done; true)
ticks() { local s; s=($(cut -d')' -f2 "/proc/$APP/task/$TID/stat")); echo $((s[11] + s[12])); }
before=$(ticks)
start=$(date +%s.%N)
id=$(submit "$EPOCHS")
if [ "${FOLLOW:-1}" = 1 ]; then
  events=$(curl -sfN --max-time 900 "$BASE/jobs/$id/events" | grep -c '^event:epoch' || true)
else
  events=unfollowed
  until curl -sf "$BASE/jobs/$id" | grep -q '"status":"SUCCEEDED"'; do sleep 0.5; done
fi
end=$(date +%s.%N)
after=$(ticks)
history_s=$(for _ in $(seq 1 30); do curl -s -o /dev/null -w '%{time_total}\n' "$BASE/jobs/$id/epochs"; done \
  | tail -n 20 | sort -n | sed -n 10p)
echo "jar=$(basename "${JAR:-target}") epochs=$EPOCHS epoch_events=$events get_epochs_s=$history_s" \
  "job_events_cpu_s=$(echo "($after - $before) / 100" | bc -l | cut -c1-5)" \
  "client_wall_s=$(echo "$end - $start" | bc -l | cut -c1-6) $(grep ' took ' "$WORK/app.log" | tail -1 | grep -oE '(train_s|epochs_s)=[0-9.]+' | tr '\n' ' ')"
