#!/usr/bin/env bash
# Where the service's CPU goes around case (d)'s jobs, by thread and by a few code paths: the packaged service
# (bench/service.sh, with the flags of docker/jvm.options) runs WARM jobs of case (a), 30 epochs each (default 300,
# as bench/run.sh warms it), then async-profiler (fetched from Maven Central into bench/out when missing) samples
# every thread's CPU every 100 µs over N more jobs (default 60), and bench/profile_threads.py prints milliseconds
# of CPU per job: per thread, then per code path for the threads around the training (HTTP, event streams, epoch
# writer, db-scheduler). The training's own work is on the "training" threads (one per run, folded into one line);
# the JIT's is the C2/C1 threads'.
# Usage: bench/service-profile.sh   |   WARM=100 N=30 bench/service-profile.sh   (extra JVM flags as arguments)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
AP_VERSION=4.2
AP=bench/out/async-profiler-$AP_VERSION
if [ ! -f "$AP/linux-x64/libasyncProfiler.so" ]; then
  mkdir -p "$AP"
  curl -sfL -o "$AP.jar" \
    "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION-linux-x64.jar"
  (cd "$AP" && unzip -q -o "../$(basename "$AP.jar")")
fi
LIB=$(realpath "$AP/linux-x64/libasyncProfiler.so")
trap stop_service EXIT
start_service "$@"
OUT_FILE=$(realpath bench/out)/service-profile-$(date +%Y%m%d-%H%M%S).collapsed
for _ in $(seq 1 "${WARM:-300}"); do sleep 0.3; echo 30; done | "$PY" bench/client.py "$BASE" "$DIGITS" > /dev/null
java bench/Attach.java "$APP" "$LIB" "start,event=cpu,interval=100us,threads"
for _ in $(seq 1 "${N:-60}"); do sleep 0.3; echo 30; done | "$PY" bench/client.py "$BASE" "$DIGITS" > "$WORK/jobs"
java bench/Attach.java "$APP" "$LIB" "stop,file=$OUT_FILE,collapsed"
echo "profile: $OUT_FILE ($(wc -l < "$WORK/jobs") jobs; flags: $(grep -v '^#' docker/jvm.options | tr '\n' ' ')$*)"
"$PY" bench/profile_threads.py "$OUT_FILE" "$(wc -l < "$WORK/jobs")"
