package io.descent.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The three losses on the network output. Targets are a (n, 1) column for regression and one-hot (n, k) rows
 * for classification; mse/mae on a classifier compare the softmax probabilities with the one-hot rows.
 * DJL's Loss.l2Loss is half the MSE, hence the explicit mean of squares here.
 */
final class Losses {

    private Losses() {
    }

    static void check(String loss, boolean classification) {
        switch (loss) {
            case "mse", "mae" -> { }
            case "cross-entropy" -> {
                if (!classification) {
                    throw new IllegalArgumentException("loss 'cross-entropy' needs a classification dataset");
                }
            }
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'");
        }
    }

    static NDArray compute(String loss, NDArray out, NDArray target, boolean classification) {
        return switch (loss) {
            case "mse" -> squared((classification ? out.softmax(1) : out).sub(target)).mean();
            case "mae" -> (classification ? out.softmax(1) : out).sub(target).abs().mean();
            // log-softmax subtracts the row max internally, so large logits cannot overflow exp().
            case "cross-entropy" -> out.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'");
        };
    }

    /**
     * Cross-entropy of logits {@code out} (n, k) against class indices {@code classes} (n, 1, int64), picking each
     * row's log-probability with one gather instead of multiplying by the one-hot row and summing it: the picked
     * value is exactly the sum (the other terms are zeros), so the loss and its gradient keep their bits, in two
     * fewer operations forward and back. The explicit dtype spares DJL's lookup of it, a JNI call per step.
     */
    static NDArray crossEntropy(NDArray out, NDArray classes) {
        NDArray logProbabilities = JniUtils.logSoftmax((PtNDArray) out, 1, DataType.FLOAT32);
        return JniUtils.gather((PtNDArray) logProbabilities, (PtNDArray) classes, 1).mean().neg();
    }

    /**
     * d², as d·d: PyTorch computes square() as pow(d, 2), which is the same product forward and the same 2·d·grad
     * backward (doubling is exact), but converts the exponent's dtype twice every step and takes a slower backward
     * (bench/profile.sh showed both).
     */
    private static NDArray squared(NDArray d) {
        return JniUtils.mul((PtNDArray) d, (PtNDArray) d);
    }

    /** Factor from the optimised (standardized-target) loss to the reported loss in original units. */
    static double reportScale(String loss, Preprocessing pre) {
        if (pre.task() == io.descent.dataset.Task.CLASSIFICATION) {
            return 1;
        }
        return "mse".equals(loss) ? pre.targetStd() * pre.targetStd() : pre.targetStd();
    }
}
