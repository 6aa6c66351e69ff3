#!/usr/bin/env bash
# Does a thread started for each training run its first epochs slower than one long-lived thread? The service starts
# a thread per job (JobRunner); TrainBench --serve, the baseline of case (d), trains on its one thread. Two trainer
# JVMs, one as each (-Dbench.fresh-thread), warmed by WARM runs of case (a)'s 30 epochs, then RUNS pairs of 30-epoch
# train() calls, interleaved, the side that goes first alternating; JVMS such pairs of fresh JVMs. Prints each kind's
# median wall seconds and the median seconds of epoch 1, epochs 2-3, 4-10 and 11-30 (mean per epoch), per JVM pair and
# over all.
# Usage: [JVMS=3] [WARM=200] [RUNS=40] bench/fresh-thread.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -f bench/out/digits.csv ] || "$PY" bench/gen_data.py bench/out
. bench/java.sh >/dev/null
LOG=bench/out/fresh-thread-$(date +%Y%m%d-%H%M%S).txt
trap 'kill ${SAME_PID:-} ${FRESH_PID:-} 2>/dev/null || true' EXIT
echo "machine: nproc=$(nproc) cpu=$(lscpu | sed -n 's/^Model name: *//p'); JVMS=${JVMS:-3} WARM=${WARM:-200} RUNS=${RUNS:-40}" | tee "$LOG"
for j in $(seq 1 "${JVMS:-3}"); do
  coproc SAME { "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 io.descent.bench.TrainBench \
    bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
  coproc FRESH { "${BENCH_JAVA[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=1 -Dbench.fresh-thread=true \
    io.descent.bench.TrainBench bench/out/digits.csv classification 128,64 32 30 0 --serve 2>/dev/null; }
  until read -r line <&"${SAME[0]}" && [ "$line" = READY ]; do :; done
  until read -r line <&"${FRESH[0]}" && [ "$line" = READY ]; do :; done
  for _ in $(seq 1 "${WARM:-200}"); do
    echo 30 >&"${SAME[1]}"; read -r line <&"${SAME[0]}"
    echo 30 >&"${FRESH[1]}"; read -r line <&"${FRESH[0]}"
  done
  for r in $(seq 1 "${RUNS:-40}"); do
    for side in $( ((r % 2)) && echo same fresh || echo fresh same); do
      sleep 0.3
      if [ $side = same ]; then
        echo 30 >&"${SAME[1]}"; read -r line <&"${SAME[0]}"
      else
        echo 30 >&"${FRESH[1]}"; read -r line <&"${FRESH[0]}"
      fi
      echo "jvm=$j run=$r thread=$side $line" >> "$LOG"
    done
  done
  eval "exec ${SAME[1]}>&- ${FRESH[1]}>&-"
  wait 2>/dev/null || true
done
"$PY" - "$LOG" <<'PYEOF'
import re, statistics as st, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("jvm=")]
def parse(l):
    d = dict(re.findall(r"(\S+)=(\S+)", l))
    e = [float(x) for x in d["each_epoch_s"].split(",")]
    return int(d["jvm"]), d["thread"], float(d["wall_s"]), [e[0], st.mean(e[1:3]), st.mean(e[3:10]), st.mean(e[10:])]
data = [parse(l) for l in rows]
def report(label, sel):
    out = []
    for kind in ("same", "fresh"):
        r = [x for x in sel if x[1] == kind]
        out.append((st.median(x[2] for x in r), [st.median(x[3][i] for x in r) for i in range(4)]))
    (ws, es), (wf, ef) = out
    parts = " ".join(f"{n} {1e3*a:.3f}/{1e3*b:.3f} ms ({100*(b/a-1):+.1f} %)" for n, a, b in zip(("e1", "e2-3", "e4-10", "e11-30"), es, ef))
    print(f"{label}: wall same {ws:.4f} fresh {wf:.4f} s ({100*(wf/ws-1):+.1f} %); per epoch same/fresh: {parts}")
for j in sorted({x[0] for x in data}):
    report(f"jvm pair {j}", [x for x in data if x[0] == j])
report("all", data)
PYEOF
