#!/usr/bin/env bash
# An A/B of the trainer alone: two TrainBench --serve JVMs side by side, A with the JVM flags A_OPTS and B with B_OPTS
# (default: none against -Dbench.fresh-thread=true, each train() on a thread started for it, as the service once
# started one per job), warmed by WARM runs of case (a)'s 30 epochs each, then RUNS pairs of 30-epoch train() calls,
# interleaved, the side that goes first alternating; JVMS such pairs of fresh JVMs, so that what a JVM's start decides
# is drawn anew. Prints each side's median wall seconds and the median seconds of epoch 1, epochs 2-3, 4-10 and 11-30
# (mean per epoch), B against A, per JVM pair and over all, and the median of each run's fastest epoch (its floor:
# the loop's speed with the least of the machine's swing in it). JVM_PREFIX: both JVMs run under this command, e.g.
# "setarch x86_64 -R" (no address-space randomization).
# Usage: [JVMS=3] [WARM=200] [RUNS=40] [A_OPTS=...] [B_OPTS=...] [JVM_PREFIX=...] bench/trainer-ab.sh
#   A_OPTS= B_OPTS= bench/trainer-ab.sh                           # A/A: how far the sides differ with nothing changed
#   bench/trainer-ab.sh                                            # a thread per run against one kept
#   B_OPTS=-XX:CompileThresholdScaling=0.05 bench/trainer-ab.sh    # the service's JIT thresholds against the default
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -f bench/out/digits.csv ] || "$PY" bench/gen_data.py bench/out
. bench/java.sh >/dev/null
LOG=bench/out/trainer-ab-$(date +%Y%m%d-%H%M%S).txt
A_OPTS=${A_OPTS:-}
B_OPTS=${B_OPTS--Dbench.fresh-thread=true}
trap 'kill ${SIDE_A_PID:-} ${SIDE_B_PID:-} 2>/dev/null || true' EXIT
echo "machine: nproc=$(nproc) cpu=$(lscpu | sed -n 's/^Model name: *//p'); JVMS=${JVMS:-3} WARM=${WARM:-200} RUNS=${RUNS:-40} A_OPTS='$A_OPTS' B_OPTS='$B_OPTS' JVM_PREFIX='${JVM_PREFIX:-}'" | tee "$LOG"
for j in $(seq 1 "${JVMS:-3}"); do
  # Two coprocesses at once: bash warns that the first still exists, and both work.
  coproc SIDE_A { ${JVM_PREFIX:-} "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 $A_OPTS io.descent.bench.TrainBench \
    bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
  coproc SIDE_B { ${JVM_PREFIX:-} "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 $B_OPTS io.descent.bench.TrainBench \
    bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
  until read -r line <&"${SIDE_A[0]}" && [ "$line" = READY ]; do :; done
  until read -r line <&"${SIDE_B[0]}" && [ "$line" = READY ]; do :; done
  # train SIDE: one 30-epoch train() on side A or B; its result line in $line.
  train() {
    if [ "$1" = A ]; then
      echo 30 >&"${SIDE_A[1]}"; read -r line <&"${SIDE_A[0]}"
    else
      echo 30 >&"${SIDE_B[1]}"; read -r line <&"${SIDE_B[0]}"
    fi
  }
  for _ in $(seq 1 "${WARM:-200}"); do
    train A
    train B
  done
  for r in $(seq 1 "${RUNS:-40}"); do
    for side in $( ((r % 2)) && echo A B || echo B A); do
      sleep 0.3
      train $side
      echo "jvm=$j run=$r side=$side $line" >> "$LOG"
    done
  done
  eval "exec ${SIDE_A[1]}>&- ${SIDE_B[1]}>&-"
  wait 2>/dev/null || true
done
"$PY" - "$LOG" <<'PYEOF'
import re, statistics as st, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("jvm=")]
def parse(l):
    d = dict(re.findall(r"(\S+)=(\S+)", l))
    e = [float(x) for x in d["each_epoch_s"].split(",")]
    return int(d["jvm"]), d["side"], float(d["wall_s"]), [e[0], st.mean(e[1:3]), st.mean(e[3:10]), st.mean(e[10:]), min(e)]
data = [parse(l) for l in rows]
def report(label, sel):
    out = []
    for kind in ("A", "B"):
        r = [x for x in sel if x[1] == kind]
        out.append((st.median(x[2] for x in r), [st.median(x[3][i] for x in r) for i in range(5)]))
    (ws, es), (wf, ef) = out
    parts = " ".join(f"{n} {1e3*a:.3f}/{1e3*b:.3f} ms ({100*(b/a-1):+.1f} %)" for n, a, b in zip(("e1", "e2-3", "e4-10", "e11-30", "fastest"), es, ef))
    print(f"{label}: wall A {ws:.4f} B {wf:.4f} s ({100*(wf/ws-1):+.1f} %); per epoch A/B: {parts}")
for j in sorted({x[0] for x in data}):
    report(f"jvm pair {j}", [x for x in data if x[0] == j])
report("all", data)
PYEOF
