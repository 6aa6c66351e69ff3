#!/usr/bin/env bash
# Why case (d)'s training runs slower inside the service than alone: how often the training thread is preempted
# (its involuntary context switches) during a 30-epoch job of case (a), against the trainer alone (TrainBench --serve)
# during the same train() call, and how much CPU the service's JIT compiler threads took during the job. The
# trainer's figures come from /proc/<pid>/task/<tid>; the service trains each run on a thread started for it, which
# is gone when the job ends, so its figures come from the job's timing line (training_preempted, training_wait_s,
# and cpu_s, which also counts the run's setup and finishing on db-scheduler's thread). Both JVMs are warmed alike by WARM runs (default 80), then RUNS pairs (default 10).
# With PERF=1 it also records the scheduler's switches during the last pairs (perf, system-wide) and prints which
# threads took the CPU from the service's training thread. SERVICE_JAVA_OPTS adds flags to the service's JVM.
# Each pair's line also gives each training thread's CPU time and its time runnable but waiting for a core (run_ms,
# wait_ms: /proc/<pid>/task/<tid>/schedstat, or the job's line) and the trainer's migrations between cores; a summary
# of medians ends the run.
# With UNFOLLOWED=1 every odd pair's job is not followed (no event stream: the client asks for the job once, when it
# should have ended, then every 0.1 s), so the two kinds of job can be compared in one service. With PIN=1, after the
# warm-up, db-scheduler's threads are pinned to CPU 0 (a training thread inherits its starter's CPUs) and the
# service's other threads to CPU 1 (taskset).
# Usage: bench/preemption.sh   |   WARM=300 RUNS=10 PERF=1 bench/preemption.sh   |   WARM=60 RUNS=20 PIN=1 bench/preemption.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/java.sh
. bench/service.sh
trap 'kill ${TRAINER_PID:-} 2>/dev/null || true; stop_service' EXIT
start_service ${SERVICE_JAVA_OPTS:-}
coproc TRAINER { "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench \
  bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
until read -r line <&"${TRAINER[0]}" && [ "$line" = READY ]; do :; done
train() { echo 30 >&"${TRAINER[1]}"; read -r line <&"${TRAINER[0]}"; }
# The thread of a process with the given name that has used the most CPU: the trainer trains on the launcher's
# main thread, named "java" like the process's first thread, which only waits.
thread() {
  for t in /proc/"$1"/task/*; do
    if [[ "$(cat "$t/comm" 2>/dev/null)" == $2 ]]; then
      local stat=($(cut -d')' -f2 "$t/stat"))
      echo "$((stat[11] + stat[12])) $(basename "$t")"
    fi
  done | sort -n | tail -1 | cut -d' ' -f2
}
involuntary() { awk '/^nonvoluntary_ctxt_switches/{print $2}' "/proc/$1/task/$2/status"; }
# CPU time and wait for a core (ns), and migrations, of one thread.
sched() { echo "$(cut -d' ' -f1-2 "/proc/$1/task/$2/schedstat") $(awk '/nr_migrations/{print $3}' "/proc/$1/task/$2/sched")"; }
# run_ms= wait_ms= migrations= between two sched lines.
schedDelta() {
  local a=($1) b=($2)
  awk -v r=$((b[0] - a[0])) -v w=$((b[1] - a[1])) -v m=$((b[2] - a[2])) \
    'BEGIN {printf "run_ms=%.1f wait_ms=%.1f migrations=%d", r / 1e6, w / 1e6, m}'
}
# A job nobody follows: submitted, then read once when it should have ended and every 0.1 s until it has.
unfollowed() {
  local id
  id=$(curl -sf -H 'Content-Type: application/json' -d "$SPEC" "$BASE/jobs" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  sleep 0.6
  until curl -sf "$BASE/jobs/$id" | grep -q '"status":"SUCCEEDED"'; do sleep 0.1; done
}
# CPU ticks (1/100 s) of the service's JIT compiler threads, all together.
compilers() {
  local sum=0 stat
  for t in /proc/"$APP"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) stat=($(cut -d')' -f2 "$t/stat")); sum=$((sum + stat[11] + stat[12])) ;;
    esac
  done
  echo $sum
}
for _ in $(seq 1 "${WARM:-80}"); do job; train; done
TPID=$(pgrep -f 'TrainBench.*--serve' | head -1)
MAIN=$(thread "$TPID" java)
if [ "${PIN:-0}" = 1 ]; then
  for t in /proc/"$APP"/task/*; do
    # db-scheduler's pool threads ("db-scheduler-pool-…", cut to 15 characters by the kernel) start the training.
    [[ "$(cat "$t/comm" 2>/dev/null)" == db-scheduler-po* ]] && cpu=0 || cpu=1
    taskset -pc $cpu "$(basename "$t")" >/dev/null
  done
fi
if [ "${PERF:-0}" = 1 ]; then
  perf record -q -e sched:sched_switch -a -o "$WORK/sched.data" -- sleep 1000000 2>/dev/null &
  PERF_PID=$!
  sleep 0.5
fi
for r in $(seq 1 "${RUNS:-10}"); do
  kind=$([ "${UNFOLLOWED:-0}" = 1 ] && ((r % 2)) && echo unfollowed || echo followed)
  c0=$(compilers)
  if [ "$kind" = unfollowed ]; then unfollowed; else job; fi
  c1=$(compilers)
  took=$(grep ' took ' "$WORK/app.log" | tail -1)
  service=$(awk -v l="$took" 'BEGIN {
    n = split(l, f, " "); for (i = 1; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
    printf "train_s=%s preempted=%s run_ms=%.1f wait_ms=%.1f", v["train_s"], v["training_preempted"], v["cpu_s"] * 1000, v["training_wait_s"] * 1000 }')
  t0=$(involuntary "$TPID" "$MAIN"); p0=$(sched "$TPID" "$MAIN")
  train
  t1=$(involuntary "$TPID" "$MAIN"); p1=$(sched "$TPID" "$MAIN")
  echo "pair=$r service: job=$kind $service compiler_ticks=$((c1 - c0)) | trainer: $(echo "$line" | grep -oE 'wall_s=[0-9.]+') preempted=$((t1 - t0)) $(schedDelta "$p0" "$p1")" | tee -a "$WORK/pairs"
done
# Medians per kind of job: the service's train_s against the trainer's wall_s of the same pairs, and both threads'
# waits. The service's run_ms also counts the job's own work (setup, finishing).
"$PY" - "$WORK/pairs" <<'PYEOF'
import re, statistics, sys
pairs = [l for l in open(sys.argv[1])]
for kind in sorted({re.search(r"job=(\w+)", l).group(1) for l in pairs}):
    rows = [l.split("|") for l in pairs if f"job={kind}" in l]
    def med(side, key):
        return statistics.median(float(re.search(key + r"=([\d.]+)", r[side]).group(1)) for r in rows)
    s, t = med(0, "train_s"), med(1, "wall_s")
    ratios = statistics.median(float(re.search(r"train_s=([\d.]+)", r[0]).group(1))
                               / float(re.search(r"wall_s=([\d.]+)", r[1]).group(1)) for r in rows)
    print(f"{kind} jobs, {len(rows)} pairs, medians: service train_s {s:.4f}, trainer wall_s {t:.4f} "
          f"({100 * (s / t - 1):+.1f} %; pairs' own ratios {100 * (ratios - 1):+.1f} %); "
          f"wait_ms {med(0, 'wait_ms'):.1f} vs {med(1, 'wait_ms'):.1f}; "
          f"run_ms {med(0, 'run_ms'):.1f} vs {med(1, 'run_ms'):.1f}")
PYEOF
if [ "${PERF:-0}" = 1 ]; then
  kill -INT $PERF_PID; wait $PERF_PID 2>/dev/null || true
  echo "who took the CPU from the service's training threads (\"training\", one per job), switches over all pairs:"
  perf script -i "$WORK/sched.data" 2>/dev/null | grep "prev_comm=training prev_pid=" | grep 'prev_state=R' \
    | sed -E 's/.*next_comm=(.*) next_pid=.*/\1/' | sort | uniq -c | sort -rn | head -12
  echo "who took the CPU from the trainer's thread (tid $MAIN):"
  perf script -i "$WORK/sched.data" 2>/dev/null | grep "prev_pid=$MAIN " | grep 'prev_state=R' \
    | sed -E 's/.*next_comm=(.*) next_pid=.*/\1/' | sort | uniq -c | sort -rn | head -12
fi
