#!/usr/bin/env bash
# Why case (d)'s training runs slower inside the service than alone: how often the training thread is preempted
# (its involuntary context switches, /proc/<pid>/task/<tid>/status) during a 30-epoch job of case (a), against the
# trainer alone (TrainBench --serve) during the same train() call, and how much CPU the service's JIT compiler
# threads took during the job. Both JVMs are warmed alike by WARM runs (default 80), then RUNS pairs (default 10).
# With PERF=1 it also records the scheduler's switches during the last pairs (perf, system-wide) and prints which
# threads took the CPU from the service's training thread. SERVICE_JAVA_OPTS adds flags to the service's JVM.
# Usage: bench/preemption.sh   |   WARM=300 RUNS=10 PERF=1 bench/preemption.sh
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
# db-scheduler runs the job on its pool thread ("db-scheduler-pool-…", cut to 15 characters by the kernel).
SCHED=$(thread "$APP" 'db-scheduler-po*')
if [ "${PERF:-0}" = 1 ]; then
  perf record -q -e sched:sched_switch -a -o "$WORK/sched.data" -- sleep 1000000 2>/dev/null &
  PERF_PID=$!
  sleep 0.5
fi
for r in $(seq 1 "${RUNS:-10}"); do
  c0=$(compilers); s0=$(involuntary "$APP" "$SCHED")
  job
  s1=$(involuntary "$APP" "$SCHED"); c1=$(compilers)
  took=$(grep ' took ' "$WORK/app.log" | tail -1 | grep -oE 'train_s=[0-9.]+')
  t0=$(involuntary "$TPID" "$MAIN")
  train
  t1=$(involuntary "$TPID" "$MAIN")
  echo "pair=$r service: $took preempted=$((s1 - s0)) compiler_ticks=$((c1 - c0)) | trainer: $(echo "$line" | grep -oE 'wall_s=[0-9.]+') preempted=$((t1 - t0))"
done
if [ "${PERF:-0}" = 1 ]; then
  kill -INT $PERF_PID; wait $PERF_PID 2>/dev/null || true
  echo "who took the CPU from the service's training thread (tid $SCHED), switches over all pairs:"
  perf script -i "$WORK/sched.data" 2>/dev/null | grep "prev_pid=$SCHED " | grep 'prev_state=R' \
    | sed -E 's/.*next_comm=(.*) next_pid=.*/\1/' | sort | uniq -c | sort -rn | head -12
  echo "who took the CPU from the trainer's thread (tid $MAIN):"
  perf script -i "$WORK/sched.data" 2>/dev/null | grep "prev_pid=$MAIN " | grep 'prev_state=R' \
    | sed -E 's/.*next_comm=(.*) next_pid=.*/\1/' | sort | uniq -c | sort -rn | head -12
fi
