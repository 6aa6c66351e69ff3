package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

class FlatParametersTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 255, 257, 17_226, 315_905})
    void normMatchesExactArithmetic(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] a = new float[n];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 2));
            exact = exact.add(new BigDecimal((double) a[i]).pow(2));
        }
        double expected = Math.sqrt(exact.doubleValue());
        assertEquals(expected, FlatParameters.norm(a), expected * 1e-7);
    }

    /**
     * Gradients arrive on the host buffer-shaped, through the memory of the tensors backward writes, and are zeroed
     * there: a second backward of the same loss gives the same gradient, not twice it.
     */
    @Test
    void gradientsReachTheHostBufferAndAreZeroedForTheNextStep() {
        Autograd.acquire();
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            FlatParameters flat = FlatParameters.of(manager,
                    List.of(manager.ones(new Shape(2, 3)), manager.ones(new Shape(5))), false);
            flat.requireGradients();
            NDArray one = manager.ones(new Shape());
            float[] into = new float[flat.size()];
            float[] expected = new float[flat.size()];
            java.util.Arrays.fill(expected, 0, 6, 2f);
            java.util.Arrays.fill(expected, 16, 21, 3f);
            for (int round = 0; round < 2; round++) {
                JniUtils.setGradMode(true);
                NDArray loss = flat.views().get(0).mul(2).sum().add(flat.views().get(1).mul(3).sum());
                JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
                JniUtils.setGradMode(false);
                flat.gradients(into);
                assertArrayEquals(expected, into, "round " + round);
            }
            // The host copy goes back into the tensor the views share.
            flat.host()[0] = 5f;
            flat.push();
            assertEquals(5f, flat.views().get(0).toFloatArray()[0]);
        } finally {
            Autograd.LOCK.unlock();
        }
    }
}
