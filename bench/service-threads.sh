#!/usr/bin/env bash
# Who takes the CPU while the service trains: starts the packaged service (the flags of docker/jvm.options, -Xmx1g),
# runs WARM warm-up jobs of case (a) (30 epochs, batch 32; bench/run.sh warms case d with 300), then 3 more, and for
# each of those prints the job's own
# timing line and, per thread that ran, its CPU time in ticks (1/100 s) and its voluntary and involuntary context
# switches during the job, from /proc/<pid>/task/*, and how many methods the JIT compiled during it
# (-XX:+PrintCompilation; the lines are kept in bench/out/compilations-job<N>.txt). The training runs on a thread
# started for its run ("training"), gone when the job ends: its CPU time, wait for a core and preemptions are in the
# job's timing line (cpu_s, training_wait_s, training_preempted); the per-thread lines are the threads around it.
# Usage: WARM=40 bench/service-threads.sh   (default WARM=300)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
trap stop_service EXIT
start_service -XX:+PrintCompilation
# tid name cpu_ticks voluntary involuntary, per thread
snapshot() {
  for t in /proc/$APP/task/*; do
    [ -r "$t/stat" ] || continue
    local name stat
    name=$(tr ' ' '_' < "$t/comm")
    stat=($(cut -d')' -f2 "$t/stat"))
    echo "$(basename "$t") $name $((stat[11] + stat[12])) $(awk '/^voluntary/{v=$2} /^nonvoluntary/{n=$2} END{print v, n}' "$t/status")"
  done | sort
}
for _ in $(seq 1 "${WARM:-300}"); do job; done
for r in 1 2 3; do
  snapshot > "$WORK/before"
  compiled=$(grep -c '::' "$WORK/app.log" || true)
  job
  sleep 0.3
  snapshot > "$WORK/after"
  echo "job $r: $(grep ' took ' "$WORK/app.log" | tail -1 | grep -oE 'queued_s=.*') compilations=$(($(grep -c '::' "$WORK/app.log" || true) - compiled))"
  # Which methods: the compilation lines printed during the job, kept under bench/out/.
  grep '::' "$WORK/app.log" | tail -n +"$((compiled + 1))" > "bench/out/compilations-job$r.txt" || true
  join "$WORK/before" "$WORK/after" | awk '$7 > $3 || $9 > $5 {printf "  %-18s cpu_ticks=%d voluntary=%d involuntary=%d\n", $2, $7 - $3, $8 - $4, $9 - $5}'
done
