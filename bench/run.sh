#!/usr/bin/env bash
# Descent vs plain PyTorch on one machine, in one run (issue 6). Prints samples/s of the training loop for both
# sides at 1 and 2 intra-op threads, each side's fastest setting, and the ratio; then the service path (a job over
# HTTP vs the trainer alone) and ingest (server-side upload parse vs pandas.read_csv, with peak heap).
# Runs of the two sides are interleaved so that load from other processes hits both alike; medians of RUNS runs.
# Usage: bench/run.sh [runs, default 5] [cases, default "a b c d i"]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
CASES=${2:-a b c d i}
PY=/usr/bin/python3
OUT=bench/out
mkdir -p "$OUT"
RES="$OUT/results-$(date +%Y%m%d-%H%M%S).txt"

if ! "$PY" -c 'import torch, pandas' 2>/dev/null; then
  apt-get update && apt-get install -y python3-torch python3-pandas
fi
"$PY" bench/gen_data.py "$OUT"

. bench/java.sh
JAVA=("${BENCH_JAVA[@]}" -XX:+ExitOnOutOfMemoryError)

{
  echo "machine: nproc=$(nproc) cpu=$(lscpu | sed -n 's/^Model name: *//p') mem=$(free -g | awk '/Mem:/{print $2}')GiB"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "versions: $("$PY" -c 'import torch, pandas, numpy; print("torch", torch.__version__, "pandas", pandas.__version__, "numpy", numpy.__version__)')"
  echo "djl: $(tr ':' '\n' < target/bench.cp | grep -E '/ai/djl/' | grep -oE '(api|pytorch-engine|pytorch-native-cpu)-[0-9.]+(-linux-x86_64)?\.jar' | sort -u | tr '\n' ' ')"
  echo "command: $(env | grep -E '^(THREADS_[ABC]|EPOCHS_[CD]|JVMS_D|RUNS_D|WARM_RUNS|SETTLE|SERVICE_JAVA_OPTS|ALT_JAVA_OPTS|ALT_JVM_OPTIONS|ALT_PRELOAD|ALT_JCMD|JVM_PREFIX)=' | tr '\n' ' ')bench/run.sh $RUNS \"$CASES\""
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RES"

# case: name csv task units batch epochs warm-up-steps. Both sides first train at least the warm-up steps (whole
# epochs) untimed: the service's JVM is long-lived, and DJL's Java layer runs interpreted for its first few thousand
# calls. Case c warms as long as a and b: at 1+2 after one warm-up epoch it ran at half the speed it had after
# eight, the JIT's compiler threads still taking the core its second BLAS thread needed.
declare -A CASE_ARGS=(
  [a]="$OUT/digits.csv classification 128,64 32 30 2000"
  [b]="$OUT/digits.csv classification 128,64 256 100 2000"
  [c]="$OUT/regression.csv regression 512,512 256 ${EPOCHS_C:-2} 2000"
)
# Thread settings to try per case (THREADS_A, THREADS_B, THREADS_C override "1 2 1+2"): N is N intra-op threads, and
# as many for the BLAS (oneMKL on Descent's side, OpenBLAS on PyTorch's); N+M is N intra-op threads and M for the
# BLAS's matrix products (Descent: -Ddescent.training.blas-threads=M; PyTorch: OPENBLAS_NUM_THREADS=M, which
# torch.set_num_threads leaves alone: Debian's torch at "1 thread" multiplies on every core unless told).
declare -A THREADS=([a]="${THREADS_A:-1 2 1+2}" [b]="${THREADS_B:-1 2 1+2}" [c]="${THREADS_C:-1 2 1+2}")

for c in a b c; do
  [[ " $CASES " == *" $c "* ]] || continue
  read -r csv task units batch epochs warmup <<< "${CASE_ARGS[$c]}"
  for r in $(seq 1 "$RUNS"); do
    for t in ${THREADS[$c]}; do
      intra=${t%+*}
      blas=$([[ $t == *+* ]] && echo "-Ddescent.training.blas-threads=${t#*+}" || true)
      line=$("${JAVA[@]}" -Dai.djl.pytorch.num_threads=$intra $blas io.descent.bench.TrainBench "$csv" "$task" "$units" "$batch" "$epochs" "$warmup" 2>/dev/null | grep '^RESULT' | sed "s/threads=$intra /threads=$t /")
      echo "case=$c run=$r load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$RES"
      line=$("$PY" bench/torch_train.py "$csv" "$task" "$units" "$batch" "$epochs" "$t" "$warmup" | grep '^RESULT')
      echo "case=$c run=$r load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$RES"
    done
  done
done

if [[ " $CASES " == *" d "* || " $CASES " == *" i "* ]]; then
  ./mvnw -q -DskipTests package
  JAR=$(ls target/descent-*.jar | grep -v original | head -1)
  json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  . bench/service.sh
  # open_service FLAGS: bench/service.sh's service (the flags of docker/jvm.options, a 1 GiB heap cap, a GC log for
  # the ingest's peak heap and the jobs' pauses, bench/out/digits.csv uploaded as DIGITS), with these JVM flags too;
  # close_service ends it and keeps its log as $OUT/service.log.
  open_service() { BUILT=1 start_service $1; }
  close_service() { cp "$WORK/app.log" "$OUT/service.log"; stop_service; }
  # On a failure, the service's last log lines say why; the JVM's own exit status (143 after the kill) is not ours.
  trap 'rc=$?; kill ${TRAINER_PID:-} 2>/dev/null || true; [ -z "${WORK:-}" ] || { [ $rc -eq 0 ] || tail -20 "$WORK/app.log"; close_service; }; exit $rc' EXIT
fi

if [[ " $CASES " == *" i "* ]]; then
  # Ingest on a fresh service (only bench/service.sh's 225 KB digits set uploaded), so that its heap figures do not
  # depend on earlier uploads or jobs.
  open_service "${SERVICE_JAVA_OPTS:-}"
  for r in $(seq 1 "$RUNS"); do
    MARK=$(wc -l < "$WORK/gc.log")
    START=$(date +%s.%N)
    ID=$(curl -sf -F "file=@$OUT/ingest.csv" -F label=label -F task=regression "$BASE/datasets" | json 'd["id"]')
    END=$(date +%s.%N)
    # Largest heap before a collection (garbage included: G1 lets it fill) and largest after one (what was live);
    # "na" when no collection happened during the upload (grep finds nothing, which pipefail would make fatal).
    PEAK=$(tail -n +"$((MARK + 1))" "$WORK/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | cut -dM -f1 | sort -n | tail -1 || true)
    LIVE=$(tail -n +"$((MARK + 1))" "$WORK/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | sed 's/.*->//; s/M//' | sort -n | tail -1 || true)
    SERVER=$(grep 'ingest rows=' "$WORK/app.log" | tail -1 | grep -oE 'rows=.*')
    echo "case=i run=$r load=$(cut -d' ' -f1 /proc/loadavg) side=descent client_s=$("$PY" -c "print(round($END - $START, 3))") $SERVER peak_heap_mb=${PEAK:-na} live_heap_mb=${LIVE:-na}" | tee -a "$RES"
    curl -sf -X DELETE "$BASE/datasets/$ID" >/dev/null || true
    echo "case=i run=$r load=$(cut -d' ' -f1 /proc/loadavg) side=pandas $("$PY" -c "
import time, pandas as pd
t = time.perf_counter(); f = pd.read_csv('$OUT/ingest.csv'); s = time.perf_counter() - t
print('rows=%d read_csv_s=%.3f' % (len(f), s))")" | tee -a "$RES"
  done
  close_service
fi

if [[ " $CASES " == *" d "* ]]; then
  # Case a's job (batch 32) over HTTP against whole train() calls of the same spec, for each job length in EPOCHS_D
  # (default 30 epochs, case a's, and 100). A run is one fresh service JVM against one fresh trainer JVM
  # (TrainBench --serve), JVMS_D of them (default RUNS): what a JVM's start decides for its whole life (what the JIT
  # compiled from which profile, where the heap and the native buffers lie) is drawn anew in each run, rather than
  # once for all the pairs.
  # Within a run: both sides with the same heap cap (-Xmx1g) and the same warm-up, WARM_RUNS (default 300) runs of
  # 30 epochs each, interleaved; then RUNS_D pairs per job length (default 10), each one job and one train() call,
  # the side that goes first alternating. The training loop is compiled after a few thousand steps, but what a job
  # adds around it (HTTP, JPA, H2, JSON, db-scheduler) runs once per job, so the JIT compiles its methods one by one
  # for hundreds of jobs (bench/jit-tail.sh), on the second core, beside the training. The figure is that of a
  # service that has been up a while.
  # ALT_JAVA_OPTS: the even-numbered runs start the service with these flags instead of SERVICE_JAVA_OPTS (an A/B
  # of a flag on one machine, the two kinds of runs alternating); ALT_JVM_OPTIONS: with this file's flags instead of
  # docker/jvm.options; ALT_PRELOAD: both JVMs of the even runs with this library preloaded (LD_PRELOAD, e.g. another
  # malloc); ALT_JCMD: this jcmd command sent to the even runs' service after the warm-up (e.g.
  # "Compiler.directives_add FILE"). Each line says which (opts=base or opts=alt). JVM_PREFIX: both JVMs run under
  # this command, e.g. "setarch x86_64 -R" (no address-space randomization: a fresh JVM's speed draws less from
  # where its memory lies, bench/RESULTS.md).
  for j in $(seq 1 "${JVMS_D:-$RUNS}"); do
    OPTS_KIND=base
    # What the service (and the commands start_service runs) and the trainer preload: the machine's setting, or
    # ALT_PRELOAD in the even runs; the client and what runs later keep the machine's.
    PRELOAD=${LD_PRELOAD:-}
    if [ -n "${ALT_JAVA_OPTS:-}${ALT_JVM_OPTIONS:-}${ALT_PRELOAD:-}${ALT_JCMD:-}" ] && ((j % 2 == 0)); then
      OPTS_KIND=alt
      PRELOAD=${ALT_PRELOAD:-$PRELOAD}
      LD_PRELOAD=$PRELOAD JVM_OPTIONS=${ALT_JVM_OPTIONS:-docker/jvm.options} open_service "${ALT_JAVA_OPTS:-}"
    else
      open_service "${SERVICE_JAVA_OPTS:-}"
    fi
    # The client (bench/client.py) is one long-lived process, as the trainer is: it submits a job per line, follows
    # the job's event stream until the service closes it, and prints the job's figures.
    mkfifo "$WORK/client.in"
    exec {CLIENT_OUT}< <("$PY" bench/client.py "$BASE" "$DIGITS" < "$WORK/client.in")
    exec {CLIENT_IN}> "$WORK/client.in"
    # job EPOCHS: one job through the client; its line in JOB.
    job() {
      echo "$1" >&"$CLIENT_IN"
      read -r JOB <&"$CLIENT_OUT" || true
      [[ $JOB == status=SUCCEEDED* ]] || { echo "case d: the job did not succeed: $JOB" >&2; exit 1; }
    }
    # shellcheck disable=SC2086 # JVM_PREFIX: a command's words
    coproc TRAINER { LD_PRELOAD=$PRELOAD ${JVM_PREFIX:-} "${JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench "$OUT/digits.csv" classification 128,64 32 30 0 --serve 2>/dev/null; }
    until read -r line <&"${TRAINER[0]}" && [ "$line" = READY ]; do :; done
    for _ in $(seq 1 "${WARM_RUNS:-300}"); do
      job 30
      echo 30 >&"${TRAINER[1]}"
      read -r line <&"${TRAINER[0]}"
    done
    if [ "$OPTS_KIND" = alt ] && [ -n "${ALT_JCMD:-}" ]; then
      # shellcheck disable=SC2086 # the command's words
      jcmd "$APP" $ALT_JCMD >&2
    fi
    for epochs in ${EPOCHS_D:-30 100}; do
      for r in $(seq 1 "${RUNS_D:-10}"); do
        for side in $( ((r % 2)) && echo trainer service || echo service trainer); do
          # Each timed run starts on a settled machine: what the other side left running (the service's compiler
          # queue after a job, its database's writer) is not billed to the run after it.
          sleep "${SETTLE:-0.3}"
          if [ $side = trainer ]; then
            echo "$epochs" >&"${TRAINER[1]}"
            read -r line <&"${TRAINER[0]}"
            echo "case=d jvm=$j opts=$OPTS_KIND epochs=$epochs run=$r load=$(cut -d' ' -f1 /proc/loadavg) side=trainer threads=1 $line" | tee -a "$RES"
          else
            MARK=$(wc -l < "$WORK/gc.log")
            job "$epochs"
            line="$JOB $(sleep 0.2; grep ' took ' "$WORK/app.log" | tail -1 | grep -oE 'queued_s=.*')"
            # Stop-the-world GC time while the job ran (and in the 0.2 s after), from the service's GC log.
            GC_MS=$(tail -n +"$((MARK + 1))" "$WORK/gc.log" | { grep Pause || true; } | { grep -oE '[0-9.]+ms$' || true; } | tr -d 'ms' | awk '{s+=$1} END {printf "%.1f", s}')
            echo "case=d jvm=$j opts=$OPTS_KIND epochs=$epochs run=$r load=$(cut -d' ' -f1 /proc/loadavg) side=service threads=1 $line gc_pause_ms=$GC_MS" | tee -a "$RES"
          fi
        done
      done
    done
    eval "exec ${TRAINER[1]}>&-"
    wait "$TRAINER_PID" 2>/dev/null || true
    exec {CLIENT_IN}>&- {CLIENT_OUT}<&-
    close_service
  done
fi

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RES"
"$PY" bench/summarize.py "$RES" | tee "$RES.summary"
