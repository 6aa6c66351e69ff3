#!/usr/bin/env bash
# The BLAS underneath each side of bench/run.sh: one float32 matrix product of case (c)'s largest layer
# (256 × 512 by 512 × 512), 1 thread, best of 3 rounds, through DJL's libtorch and through Debian's torch.
# With MKL_VERBOSE=1 the Java side also prints which code path oneMKL chose for this CPU.
# Usage: bench/gemm.sh [m k n], default 256 512 512
set -euo pipefail
cd "$(dirname "$0")/.."
M=${1:-256}; K=${2:-512}; N=${3:-512}
./mvnw -o -q test-compile
./mvnw -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), avx512f: $(grep -q avx512f /proc/cpuinfo && echo yes || echo no)"
MKL_VERBOSE=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "target/test-classes:target/classes:$(cat target/bench.cp)" io.descent.bench.GemmBench "$M" "$K" "$N" 2>/dev/null \
  | grep -E '^GEMM|oneMKL' | sort -u | head -2
/usr/bin/python3 - "$M" "$K" "$N" <<'PY'
import sys, time, torch
m, k, n = map(int, sys.argv[1:4])
torch.set_num_threads(1)
a, b = torch.randn(m, k), torch.randn(k, n)
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    for _ in range(300):
        torch.mm(a, b)
    best = min(best, (time.perf_counter() - t) / 300 * 1e6)
blas = "openblas" if "openblas" in open("/proc/self/maps").read() else "?"
print(f"GEMM side=pytorch m={m} k={k} n={n} us={best:.1f} gflops={2 * m * k * n / best / 1e3:.1f} blas={blas}")
PY
