#!/usr/bin/env bash
# The BLAS underneath each side of bench/run.sh: one float32 matrix product of case (c)'s largest layer
# (256 × 512 by 512 × 512), 1 thread, best of 3 rounds, through DJL's libtorch and through Debian's torch.
# With MKL_VERBOSE=1 the Java side also prints oneMKL's version line. The Java side runs twice: as the service runs,
# and with MKL's own vendor check (-Ddescent.training.mkl-intel-path=false).
# Usage: bench/gemm.sh [m k n], default 256 512 512
set -euo pipefail
cd "$(dirname "$0")/.."
M=${1:-256}; K=${2:-512}; N=${3:-512}
. bench/java.sh
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), avx512f: $(grep -q avx512f /proc/cpuinfo && echo yes || echo no)"
# Descent as it runs (on AMD, MKL told to pick kernels by CPU features: NativeEngine), then with MKL as shipped.
for intel_path in true false; do
  MKL_VERBOSE=1 "${BENCH_JAVA[@]}" -Dai.djl.pytorch.num_threads=1 -Ddescent.training.mkl-intel-path=$intel_path \
    io.descent.bench.GemmBench "$M" "$K" "$N" 2>/dev/null \
    | grep -E '^GEMM|oneMKL' | sort -u | head -2
done
# torch.set_num_threads does not reach Debian's OpenBLAS, which would otherwise multiply on every core.
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 - "$M" "$K" "$N" <<'PY'
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
