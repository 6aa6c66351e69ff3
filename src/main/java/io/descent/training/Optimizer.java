package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Optimizers written from the course formulas (Hung-yi Lee, ML 2021) instead of DJL's, because DJL 0.36 on
 * PyTorch only implements sgd/adam/adamW and throws at step() for the others; writing all of them here also
 * keeps their state in one readable, restorable form for checkpoints.
 *
 * <p>Updates are in place on the parameter arrays and must run with autograd recording off (after the
 * GradientCollector is closed). Weight decay is the L2 form: g ← g + λ_wd·θ before the update rule, for
 * every optimizer (so adam + weightDecay is Adam with L2, not AdamW). State buffers are allocated by
 * {@link #create} on the parameters' manager, outside any per-batch scope, so they live as long as the run.
 */
abstract class Optimizer {

    /** Everything an optimizer remembers: the number of updates made and its moment buffers, one per parameter. */
    record State(long steps, List<float[]> buffers) {
    }

    protected final float weightDecay;
    protected long steps;
    /** When set, the buffers and updates cover the whole parameter buffer in one array each. */
    private FlatParameters flat;
    /** λ_wd as a tensor, made once: DJL turns every {@code op(Number)} into a fresh direct buffer and JNI call. */
    private NDArray weightDecayScalar;
    private NDArray rateScalar;
    private float rateValue;

    Optimizer(float weightDecay) {
        this.weightDecay = weightDecay;
    }

    static Optimizer create(OptimizerSpec spec, List<NDArray> params) {
        float wd = spec.weightDecay() == null ? 0f : spec.weightDecay().floatValue();
        Optimizer o = switch (spec.type()) {
            case "sgd" -> new Sgd(wd);
            case "momentum" -> new Momentum(wd, spec.momentum().floatValue(), params);
            case "adagrad" -> new Adagrad(wd, spec.epsilon().floatValue(), params);
            case "rmsprop" -> new RmsProp(wd, spec.alpha().floatValue(), spec.epsilon().floatValue(), params);
            case "adam" -> new Adam(wd, spec.beta1().floatValue(), spec.beta2().floatValue(), spec.epsilon().floatValue(), params);
            default -> throw new IllegalArgumentException("unknown optimizer.type '" + spec.type() + "'");
        };
        if (wd != 0f) {
            o.weightDecayScalar = constant(params.get(0), wd);
        }
        return o;
    }

    /**
     * An optimizer whose state and updates cover {@code flat}'s whole buffer: one elementwise operation per formula
     * term instead of one per term and parameter. {@link #state()} still reports one buffer per parameter, in the
     * same order, so checkpoints are interchangeable with the per-parameter form.
     */
    static Optimizer create(OptimizerSpec spec, FlatParameters flat) {
        Optimizer o = create(spec, List.of(flat.flat()));
        o.flat = flat;
        return o;
    }

    /** One update of every parameter with its gradient at learning rate {@code lr}. */
    final void step(List<NDArray> params, List<NDArray> grads, float lr) {
        if (flat != null) {
            throw new IllegalStateException("a flat optimizer steps with the buffer's gradient");
        }
        steps++;
        for (int i = 0; i < params.size(); i++) {
            apply(i, params.get(i), grads.get(i), lr);
        }
    }

    /**
     * One update of the whole buffer with its buffer-shaped gradient {@code grad} (gaps zero) at learning rate
     * {@code lr}: the same elementwise operations as the per-parameter form, on the concatenation.
     */
    final void step(NDArray grad, float lr) {
        steps++;
        apply(0, flat.flat(), grad, lr);
    }

    /** Weight decay (g ← g + λ_wd·θ), then the update rule; Adam does both in one fused kernel. */
    void apply(int index, NDArray param, NDArray grad, float lr) {
        NDArray g = grad;
        if (weightDecay != 0f) {
            g = g.add(param.mul(weightDecayScalar));
        }
        update(index, param, g, rate(param, lr));
    }

    /**
     * The learning rate as a 0-d tensor, kept while it stays the same (without a schedule, the whole run):
     * making one costs a direct buffer and a JNI call every step. It lives outside the per-step scope.
     */
    private NDArray rate(NDArray p, float lr) {
        if (rateScalar == null || Float.floatToIntBits(lr) != Float.floatToIntBits(rateValue)) {
            if (rateScalar != null) {
                rateScalar.close();
            }
            rateScalar = scalar(p, lr);
            NDScope.unregister(rateScalar);
            rateValue = lr;
        }
        return rateScalar;
    }

    /** A float32 0-d tensor on p's manager, exactly what DJL's op(Number) would create for {@code value}. */
    static NDArray scalar(NDArray p, float value) {
        return p.getManager().create(value);
    }

    /** A constant of the run: made outside any per-batch scope, it lives on the parameters' manager until the run ends. */
    static NDArray constant(NDArray p, float value) {
        return scalar(p, value);
    }

    abstract void update(int index, NDArray param, NDArray grad, NDArray lr);

    abstract List<NDArray> buffers();

    State state() {
        List<float[]> copies = new ArrayList<>();
        for (NDArray b : buffers()) {
            if (flat != null) {
                copies.addAll(flat.split(b.toFloatArray()));
            } else {
                copies.add(b.toFloatArray());
            }
        }
        return new State(steps, copies);
    }

    void restore(State state) {
        List<NDArray> buffers = buffers();
        int per = flat == null ? 1 : flat.parameters();
        if (state.buffers().size() != buffers.size() * per) {
            throw new IllegalArgumentException("optimizer state has " + state.buffers().size() + " buffers, expected "
                    + buffers.size() * per);
        }
        for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).set(flat == null ? state.buffers().get(i)
                    : flat.join(state.buffers().subList(i * per, (i + 1) * per)));
        }
        steps = state.steps();
    }

    private static List<NDArray> zerosLike(List<NDArray> params) {
        List<NDArray> z = new ArrayList<>();
        for (NDArray p : params) {
            z.add(p.getManager().zeros(p.getShape()));
        }
        return z;
    }

    /** θ ← θ − η g. */
    static final class Sgd extends Optimizer {
        Sgd(float wd) {
            super(wd);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, NDArray lr) {
            param.subi(grad.mul(lr));
        }

        @Override
        List<NDArray> buffers() {
            return List.of();
        }
    }

    /** m ← λm − ηg, θ ← θ + m (the course's "movement", starting from m = 0). */
    static final class Momentum extends Optimizer {
        private final NDArray lambda;
        private final List<NDArray> movement;

        Momentum(float wd, float lambda, List<NDArray> params) {
            super(wd);
            this.lambda = constant(params.get(0), lambda);
            this.movement = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, NDArray lr) {
            NDArray m = movement.get(index);
            m.muli(lambda).subi(grad.mul(lr));
            param.addi(m);
        }

        @Override
        List<NDArray> buffers() {
            return movement;
        }
    }

    /** σ_t = sqrt(Σ g²) over all past gradients; θ ← θ − η g / (σ + ε). The buffer holds Σ g². */
    static final class Adagrad extends Optimizer {
        private final NDArray epsilon;
        private final List<NDArray> sumSquares;

        Adagrad(float wd, float epsilon, List<NDArray> params) {
            super(wd);
            this.epsilon = constant(params.get(0), epsilon);
            this.sumSquares = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, NDArray lr) {
            NDArray s = sumSquares.get(index);
            s.addi(grad.square());
            NDArray step = grad.mul(lr);
            step.divi(s.sqrt().addi(epsilon));
            param.subi(step);
        }

        @Override
        List<NDArray> buffers() {
            return sumSquares;
        }
    }

    /**
     * σ² ← α σ² + (1−α) g², θ ← θ − η g / (σ + ε). σ² starts at 0 (PyTorch's convention) rather than the course's
     * σ⁰ = |g⁰|, so the first step is 1/sqrt(1−α) times larger than the course's.
     */
    static final class RmsProp extends Optimizer {
        private final NDArray alpha;
        private final NDArray oneMinusAlpha;
        private final NDArray epsilon;
        private final List<NDArray> meanSquares;

        RmsProp(float wd, float alpha, float epsilon, List<NDArray> params) {
            super(wd);
            this.alpha = constant(params.get(0), alpha);
            this.oneMinusAlpha = constant(params.get(0), 1 - alpha);
            this.epsilon = constant(params.get(0), epsilon);
            this.meanSquares = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, NDArray lr) {
            NDArray v = meanSquares.get(index);
            v.muli(alpha).addi(grad.square().muli(oneMinusAlpha));
            NDArray step = grad.mul(lr);
            step.divi(v.sqrt().addi(epsilon));
            param.subi(step);
        }

        @Override
        List<NDArray> buffers() {
            return meanSquares;
        }
    }

    /**
     * Adam with bias correction: θ ← θ − η m̂ / (sqrt(v̂) + ε), m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ). Buffers: all first
     * moments, then all second moments.
     *
     * <p>The update runs as one native call (DJL's fused Adam kernel, in place on θ, m and v) instead of 14 tensor
     * operations, each a JNI call with its own temporaries: on a 17k-parameter MLP that was a fifth of a step. The
     * kernel computes θ ← θ − η' m / (sqrt(v) + ε'), so it is handed η' = η·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ) and
     * ε' = ε·sqrt(1 − β₂ᵗ), which is the formula above multiplied through by sqrt(1 − β₂ᵗ). Algebraically the same
     * update; the float32 rounding differs (the moment updates use fused multiply-adds), which OptimizerTest bounds
     * against float64 arithmetic and TrainerPinTest pins.
     */
    static final class Adam extends Optimizer {
        private final float beta1;
        private final float beta2;
        private final float epsilon;
        private final List<NDArray> first;
        private final List<NDArray> second;

        Adam(float wd, float beta1, float beta2, float epsilon, List<NDArray> params) {
            super(wd);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.first = zerosLike(params);
            this.second = zerosLike(params);
        }

        @Override
        void apply(int index, NDArray param, NDArray grad, float lr) {
            double c1 = 1 - Math.pow(beta1, steps);
            double sqrtC2 = Math.sqrt(1 - Math.pow(beta2, steps));
            // Arguments after the rates: weight decay (added to g inside, the L2 form), gradient rescale 1, no
            // clipping (negative), the betas, ε', and false for Adam rather than AdamW.
            JniUtils.adamUpdate((PtNDArray) param, (PtNDArray) grad, (PtNDArray) first.get(index),
                    (PtNDArray) second.get(index), lr, (float) (lr * sqrtC2 / c1), weightDecay, 1f, -1f, beta1, beta2,
                    (float) (epsilon * sqrtC2), false);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, NDArray lr) {
            throw new UnsupportedOperationException("Adam updates in apply()");
        }

        @Override
        List<NDArray> buffers() {
            List<NDArray> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }
    }
}
