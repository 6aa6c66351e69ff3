package io.descent.bench;

import io.descent.training.NativeEngine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One float32 matrix product through DJL's libtorch, timed, for bench/gemm.sh: how fast the BLAS underneath each
 * side multiplies, apart from any training loop. Usage: {@code GemmBench <m> <k> <n> [repeats]}; prints GFLOP/s.
 */
public final class GemmBench {

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int k = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        double us = microseconds(m, k, n, repeats);
        System.out.printf("GEMM side=descent m=%d k=%d n=%d us=%.1f gflops=%.1f mkl=%s%n", m, k, n, us, 2.0 * m * k * n / us / 1e3,
                NativeEngine.mklPath());
    }

    /** The best of three rounds of {@code repeats} products of an (m, k) by a (k, n) matrix, in microseconds each. */
    static double microseconds(int m, int k, int n, int repeats) {
        NativeEngine.get();
        JniUtils.setGradMode(false);
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(m, k));
            NDArray b = manager.randomNormal(new Shape(k, n));
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < repeats; i++) {
                    try (NDScope scope = new NDScope()) {
                        JniUtils.matmul((PtNDArray) a, (PtNDArray) b);
                    }
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e3 / repeats);
            }
            return best;
        }
    }
}
