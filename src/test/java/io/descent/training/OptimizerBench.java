package io.descent.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * One Adam update of n parameters, timed two ways, for bench/optimizer.sh: {@link Optimizer.Adam}'s loop over host
 * arrays (what the trainer runs, plus the two buffer copies it costs, timed apart) and DJL's native Adam update on
 * tensors (what it ran before). Prints microseconds per update, the best of 5 rounds. Usage: {@code OptimizerBench
 * <n>}.
 */
public final class OptimizerBench {

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repeats = Math.max(20, 50_000_000 / n);
        float[] theta = new float[n];
        float[] g = new float[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            theta[i] = (float) random.nextGaussian();
            g[i] = (float) random.nextGaussian();
        }
        Optimizer adam = Optimizer.create(new OptimizerSpec("adam", 0.001, null, null, 0.9, 0.999, 1e-8, 0.0), n);
        double loop = best(repeats, () -> adam.step(theta, g, 1e-4f));
        java.nio.FloatBuffer native1 = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        double copies = best(repeats, () -> {
            native1.get(0, g);
            native1.put(0, theta);
        });
        Autograd.acquire();
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            PtNDArray p = (PtNDArray) manager.create(theta);
            PtNDArray grad = (PtNDArray) manager.create(g);
            PtNDArray m = (PtNDArray) manager.zeros(new Shape(n));
            PtNDArray v = (PtNDArray) manager.zeros(new Shape(n));
            double djl = best(repeats, () -> JniUtils.adamUpdate(p, grad, m, v, 1e-4f, 1e-4f, 0f, 1f, -1f, 0.9f, 0.999f,
                    1e-8f, false));
            System.out.printf("ADAM n=%d java_loop_us=%.1f two_copies_us=%.1f djl_native_us=%.1f%n", n, loop, copies, djl);
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    private static double best(int repeats, Runnable r) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                r.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / repeats);
        }
        return best;
    }
}
