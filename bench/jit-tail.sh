#!/usr/bin/env bash
# How long the JIT keeps compiling in a service that runs jobs: starts the packaged service (docker/jvm.options,
# -Xmx1g, plus any arguments as extra JVM flags) with -XX:+PrintCompilation, runs BINS × 50 jobs of case (a)
# (EPOCHS each, default 30; bench/service.sh's job: curl, following the event stream), and prints for each 50 jobs
# the methods compiled per job, how many of those compilations were C2's (tier 4), and the last job's timing line.
# The code around a job runs once per job, so each of its methods crosses the JIT's thresholds only after that many
# jobs; what is compiled during a job runs on the second core beside the training.
# Usage: BINS=12 bench/jit-tail.sh [extra JVM flags, e.g. -XX:CompileThresholdScaling=0.01]   (BUILT=1: no build)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
trap stop_service EXIT
start_service -XX:+PrintCompilation "$@"
[ "${EPOCHS:-30}" = 30 ] || SPEC=${SPEC/\"epochs\":30/\"epochs\":$EPOCHS}
echo "machine: nproc=$(nproc) cpu=$(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p')"
echo "command: BINS=${BINS:-12} EPOCHS=${EPOCHS:-30} bench/jit-tail.sh $*"
# Compilation lines are "<ms> <id> <flags> <tier> <method> ...": the tier is the first field of 0-4 after the id.
c2() { grep '::' "$WORK/app.log" | awk '{for (i = 3; i <= 6; i++) if ($i ~ /^[0-4]$/) {if ($i == 4) c++; break}} END {print c + 0}'; }
all=$(grep -c '::' "$WORK/app.log" || true)
tier4=$(c2)
for b in $(seq 1 "${BINS:-12}"); do
  for _ in $(seq 1 50); do job; done
  now=$(grep -c '::' "$WORK/app.log" || true)
  now4=$(c2)
  echo "jobs $(((b - 1) * 50 + 1))-$((b * 50)): compiled_per_job=$(awk "BEGIN {printf \"%.1f\", ($now - $all) / 50}") c2_per_job=$(awk "BEGIN {printf \"%.1f\", ($now4 - $tier4) / 50}") last $(grep ' took ' "$WORK/app.log" | tail -1 | grep -oE 'train_s=[0-9.]+ epochs_s=[0-9.]+')"
  all=$now
  tier4=$now4
done
