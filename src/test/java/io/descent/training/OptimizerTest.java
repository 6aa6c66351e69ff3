package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Three updates of θ₀ = (1, −2) with the gradients (0.5, −1), (0.1, 0.3), (−0.4, 0.2), learning rate 0.1 and
 * weight decay 0.01 (so the effective gradient depends on θ), against numbers computed independently with plain
 * python3 float64 arithmetic from the course formulas (momentum 0.9, alpha 0.9, betas 0.9/0.999, eps 1e-8).
 */
class OptimizerTest {

    private static final float[][] GRADIENTS = {{0.5f, -1.0f}, {0.1f, 0.3f}, {-0.4f, 0.2f}};

    @ParameterizedTest
    @CsvSource({
        "sgd,      0.977112949,        -1.944175898",
        "momentum, 0.880094749,        -1.795139498",
        "adagrad,  0.9391063983876423, -1.9433983269065023",
        "rmsprop,  0.8186777617475526, -1.831780948337611",
        "adam,     0.8072158045561844, -1.8318349550971131"})
    void threeStepsMatchHandComputedValues(String type, double expected0, double expected1) {
        float[] theta = {1f, -2f};
        Optimizer optimizer = Optimizer.create(spec(type), theta.length);
        for (float[] g : GRADIENTS) {
            optimizer.step(theta, g, 0.1f);
        }
        assertEquals(expected0, theta[0], 2e-6, type);
        assertEquals(expected1, theta[1], 2e-6, type);
    }

    @ParameterizedTest
    @CsvSource({"momentum", "adagrad", "rmsprop", "adam"})
    void restoredStateContinuesIdentically(String type) {
        float[] a = {1f, -2f};
        Optimizer first = Optimizer.create(spec(type), a.length);
        first.step(a, GRADIENTS[0], 0.1f);
        Optimizer.State state = first.state();

        float[] b = a.clone();
        Optimizer second = Optimizer.create(spec(type), b.length);
        second.restore(state);
        for (int i = 1; i < GRADIENTS.length; i++) {
            first.step(a, GRADIENTS[i], 0.1f);
            second.step(b, GRADIENTS[i], 0.1f);
        }
        assertArrayEquals(a, b, type);
        assertEquals(3, second.state().steps());
    }

    @ParameterizedTest
    @CsvSource({"adam, 0.011938915176090824, -0.039185176161763105, 0.00042496491991593553, 0.0011501257426097629",
        "adagrad, 0.42502548578187815, 1.1520259248465003, 0.42502548578187815, 1.1520259248465003"})
    void stateExposesTheMoments(String type, double m0, double m1, double v0, double v1) {
        float[] theta = {1f, -2f};
        Optimizer optimizer = Optimizer.create(spec(type), theta.length);
        for (float[] g : GRADIENTS) {
            optimizer.step(theta, g, 0.1f);
        }
        List<float[]> buffers = optimizer.state().buffers();
        float[] last = buffers.get(buffers.size() - 1);
        assertEquals(v0, last[0], 1e-6);
        assertEquals(v1, last[1], 1e-6);
        assertEquals(m0, buffers.get(0)[0], 1e-6);
        assertEquals(m1, buffers.get(0)[1], 1e-6);
    }

    /**
     * The tensor form of each optimizer (a GPU run's, here on CPU tensors) against its host loop: 200 steps of random
     * gradients with weight decay from the same start, to float rounding; its state read back likewise; and state
     * restored into it mid-run continues exactly as the optimizer it came from.
     */
    @ParameterizedTest
    @CsvSource({"sgd", "momentum", "adagrad", "rmsprop", "adam"})
    void tensorUpdatesFollowTheHostLoop(String type) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int n = 48;
        float[] theta = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = (float) random.nextGaussian();
        }
        float lr = "adagrad".equals(type) ? 0.1f : 0.01f;
        Optimizer host = Optimizer.create(spec(type), n);
        Optimizer onTensors = Optimizer.create(spec(type), n);
        Optimizer restored = Optimizer.create(spec(type), n);
        try (ai.djl.ndarray.NDManager manager = NativeEngine.get().newBaseManager(ai.djl.Device.cpu())) {
            ai.djl.ndarray.NDArray t = manager.create(theta);
            ai.djl.ndarray.NDArray u = null;
            for (int step = 1; step <= 200; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (random.nextGaussian() * (i % 4 + 1) * 0.5);
                }
                host.step(theta, g, lr);
                try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                    onTensors.step(t, manager.create(g), lr);
                    if (u != null) {
                        restored.step(u, manager.create(g), lr);
                    }
                }
                if (step == 50) {
                    // Tensors of its own already made, then overwritten by the restore.
                    u = manager.create(t.toFloatArray());
                    try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                        restored.step(u.duplicate(), manager.create(g), 1f);
                    }
                    restored.restore(onTensors.state());
                }
            }
            float[] p = t.toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(theta[i], p[i], 1e-5 * Math.max(1, Math.abs(theta[i])), type + " parameter " + i);
            }
            Optimizer.State a = host.state();
            Optimizer.State b = onTensors.state();
            assertEquals(200, b.steps());
            for (int k = 0; k < a.buffers().size(); k++) {
                for (int i = 0; i < n; i++) {
                    float x = a.buffers().get(k)[i];
                    assertEquals(x, b.buffers().get(k)[i], 1e-5 * Math.max(1e-3, Math.abs(x)), type + " buffer " + k);
                }
            }
            assertArrayEquals(p, u.toFloatArray(), type + " restored");
            assertEquals(200, restored.state().steps());
        }
    }

    private static OptimizerSpec spec(String type) {
        OptimizerSpec partial = new OptimizerSpec(type, 0.1, null, null, null, null, null, 0.01);
        return new TrainingSpec(null, null, null, null, partial, null, null, null, 1L, null, null, null, null)
                .withDefaults(io.descent.dataset.Task.REGRESSION, 1).optimizer();
    }

    /**
     * Adam runs in float32 with η and ε rescaled by sqrt(1 − β₂ᵗ) and fused multiply-adds for the moments (see
     * Optimizer.Adam): over 500 steps of random gradients, with weight decay, it must stay on the course formula
     * computed in float64.
     */
    @org.junit.jupiter.api.Test
    void adamFollowsTheFormulaOverManySteps() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int n = 64;
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) random.nextGaussian();
        }
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = start[i];
        }
        double lr = 0.01;
        double wd = 0.01;
        float[] p = start.clone();
        Optimizer adam = Optimizer.create(new OptimizerSpec("adam", lr, null, null, 0.9, 0.999, 1e-8, wd), n);
        for (int t = 1; t <= 500; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) (random.nextGaussian() * (i % 8 + 1) * 0.1);
            }
            adam.step(p, g, (float) lr);
            for (int i = 0; i < n; i++) {
                double gi = g[i] + wd * theta[i];
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(theta[i], p[i], 2e-5 * Math.max(1, Math.abs(theta[i])), "parameter " + i);
        }
    }
}
