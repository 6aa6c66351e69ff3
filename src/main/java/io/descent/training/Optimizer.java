package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Optimizers written from the course formulas (Hung-yi Lee, ML 2021) instead of DJL's, because DJL 0.36 on
 * PyTorch only implements sgd/adam/adamW and throws at step() for the others; writing all of them here also
 * keeps their state in one readable, restorable form for checkpoints.
 *
 * <p>They are plain Java over float arrays: the parameters' host copy and the gradient, both buffer-shaped
 * ({@link FlatParameters}), so one update is one loop over the whole buffer. As tensor operations they cost a JNI
 * call and a pass over memory per formula term, while the JIT compiles each loop below into one vectorised pass:
 * an Adam update of case (c)'s 314,881 parameters took 304 µs as DJL's native update and 58 µs here, plus 47 µs
 * for the two copies between host and tensor memory (bench/optimizer.sh). The arithmetic is float32 as
 * written, each operation rounded once, except where a comment names a fused multiply-add; square roots are
 * correctly rounded, where PyTorch's sqrt went through MKL's vector math library and differed from it by an ulp
 * now and then. Weight decay is the L2 form, g ← g + λ_wd·θ before the update rule, for every optimizer (so
 * adam + weightDecay is Adam with L2, not AdamW).
 *
 * <p>On a GPU the same formulas run as tensor operations on the device ({@link #step(NDArray, NDArray, float)}):
 * there the loop above would need every gradient brought to the host and the parameters sent back each step, which
 * made a step of bench/run.sh's case (c) cost more than twice PyTorch's on the same GPU (bench/RESULTS.md, GPU).
 * Their buffers then live on the device, and {@link #state()} reads them back.
 */
abstract class Optimizer {

    /** Everything an optimizer remembers: the number of updates made and its moment buffers, one per parameter. */
    record State(long steps, List<float[]> buffers) {
    }

    protected final float weightDecay;
    protected long steps;
    /** When set, {@link #state()} cuts each buffer into one array per parameter, and {@link #restore} joins them. */
    private FlatParameters layout;
    /** The buffers as tensors, made from the host arrays at the first step on tensors; null until then. */
    private List<NDArray> tensors;
    /**
     * Where scalar operands are made: on the CPU, because a 0-d CPU tensor is a plain scalar to an operation on a
     * GPU tensor, where one made on the GPU would be a copy to the device for every scalar of every step.
     */
    private NDManager scalars;

    Optimizer(float weightDecay) {
        this.weightDecay = weightDecay;
    }

    /** An optimizer for {@code size} parameters, its buffers one array each. */
    static Optimizer create(OptimizerSpec spec, int size) {
        float wd = spec.weightDecay() == null ? 0f : spec.weightDecay().floatValue();
        return switch (spec.type()) {
            case "sgd" -> new Sgd(wd);
            case "momentum" -> new Momentum(wd, spec.momentum().floatValue(), size);
            case "adagrad" -> new Adagrad(wd, spec.epsilon().floatValue(), size);
            case "rmsprop" -> new RmsProp(wd, spec.alpha().floatValue(), spec.epsilon().floatValue(), size);
            case "adam" -> new Adam(wd, spec.beta1().floatValue(), spec.beta2().floatValue(), spec.epsilon().floatValue(), size);
            default -> throw new IllegalArgumentException("unknown optimizer.type '" + spec.type() + "'");
        };
    }

    /**
     * An optimizer over {@code flat}'s whole buffer. {@link #state()} still reports one buffer per parameter, in the
     * same order, so checkpoints are interchangeable with a per-parameter form.
     */
    static Optimizer create(OptimizerSpec spec, FlatParameters flat) {
        Optimizer o = create(spec, flat.size());
        o.layout = flat;
        return o;
    }

    /** One update of θ, in place, with gradient {@code g} at learning rate {@code lr}; {@code g} is left as it was. */
    final void step(float[] theta, float[] g, float lr) {
        steps++;
        update(theta, g, lr);
    }

    abstract void update(float[] theta, float[] g, float lr);

    /**
     * The same update as {@link #step(float[], float[], float)}, on tensors wherever they are: θ in place, with
     * gradient {@code g}, which it may overwrite. Both are buffer-shaped; call from inside an {@link NDScope}, which
     * frees the temporaries. Not bit-identical to the host loop: PyTorch's kernels round differently (no fused
     * multiply-adds, their own square root).
     */
    final void step(NDArray theta, NDArray g, float lr) {
        if (tensors == null) {
            scalars = theta.getManager().newSubManager(Device.cpu());
            List<NDArray> made = new ArrayList<>();
            for (float[] b : buffers()) {
                NDArray t = theta.getManager().create(b);
                // Kept for the run, beyond the step's scope; the run's manager frees them.
                NDScope.unregister(t);
                made.add(t);
            }
            tensors = made;
        }
        steps++;
        NDArray decayed = weightDecay == 0 ? g : g.addi(theta.mul(scalar(weightDecay)));
        update(theta, decayed, lr, tensors);
    }

    /** The update rule on tensors: θ and {@code buffers} in place; {@code g} already holds the weight decay. */
    abstract void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers);

    /** A scalar operand for a tensor operation (a 0-d CPU tensor, freed with the step's scope). */
    final NDArray scalar(float value) {
        return scalars.create(value);
    }

    /** The gradient with weight decay: g + λ_wd·θ. */
    final float decayed(float g, float theta) {
        return g + weightDecay * theta;
    }

    abstract List<float[]> buffers();

    State state() {
        if (tensors != null) {
            List<float[]> host = buffers();
            for (int i = 0; i < host.size(); i++) {
                System.arraycopy(tensors.get(i).toFloatArray(), 0, host.get(i), 0, host.get(i).length);
            }
        }
        List<float[]> copies = new ArrayList<>();
        for (float[] b : buffers()) {
            if (layout != null) {
                copies.addAll(layout.split(b));
            } else {
                copies.add(b.clone());
            }
        }
        return new State(steps, copies);
    }

    void restore(State state) {
        List<float[]> buffers = buffers();
        int per = layout == null ? 1 : layout.parameters();
        if (state.buffers().size() != buffers.size() * per) {
            throw new IllegalArgumentException("optimizer state has " + state.buffers().size() + " buffers, expected "
                    + buffers.size() * per);
        }
        for (int i = 0; i < buffers.size(); i++) {
            float[] values = layout == null ? state.buffers().get(i)
                    : layout.join(state.buffers().subList(i * per, (i + 1) * per));
            if (values.length != buffers.get(i).length) {
                throw new IllegalArgumentException("optimizer buffer " + i + " has " + values.length + " values, expected "
                        + buffers.get(i).length);
            }
            System.arraycopy(values, 0, buffers.get(i), 0, values.length);
            if (tensors != null) {
                try (NDArray upload = tensors.get(i).getManager().create(values)) {
                    tensors.get(i).set(new NDIndex(":"), upload);
                }
            }
        }
        steps = state.steps();
    }

    /** θ ← θ − η g. */
    static final class Sgd extends Optimizer {
        Sgd(float wd) {
            super(wd);
        }

        @Override
        void update(float[] theta, float[] g, float lr) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= decayed(g[i], theta[i]) * lr;
            }
        }

        @Override
        void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers) {
            theta.subi(g.muli(scalar(lr)));
        }

        @Override
        List<float[]> buffers() {
            return List.of();
        }
    }

    /** m ← λm − ηg, θ ← θ + m (the course's "movement", starting from m = 0). */
    static final class Momentum extends Optimizer {
        private final float lambda;
        private final float[] movement;

        Momentum(float wd, float lambda, int size) {
            super(wd);
            this.lambda = lambda;
            this.movement = new float[size];
        }

        @Override
        void update(float[] theta, float[] g, float lr) {
            float[] m = movement;
            for (int i = 0; i < theta.length; i++) {
                m[i] = m[i] * lambda - decayed(g[i], theta[i]) * lr;
                theta[i] += m[i];
            }
        }

        @Override
        void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers) {
            NDArray m = buffers.get(0);
            m.muli(scalar(lambda)).subi(g.muli(scalar(lr)));
            theta.addi(m);
        }

        @Override
        List<float[]> buffers() {
            return List.of(movement);
        }
    }

    /** σ_t = sqrt(Σ g²) over all past gradients; θ ← θ − η g / (σ + ε). The buffer holds Σ g². */
    static final class Adagrad extends Optimizer {
        private final float epsilon;
        private final float[] sumSquares;

        Adagrad(float wd, float epsilon, int size) {
            super(wd);
            this.epsilon = epsilon;
            this.sumSquares = new float[size];
        }

        @Override
        void update(float[] theta, float[] g, float lr) {
            float[] s = sumSquares;
            for (int i = 0; i < theta.length; i++) {
                float gi = decayed(g[i], theta[i]);
                s[i] += gi * gi;
                theta[i] -= gi * lr / ((float) Math.sqrt(s[i]) + epsilon);
            }
        }

        @Override
        void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers) {
            NDArray s = buffers.get(0);
            s.addi(g.mul(g));
            theta.subi(g.muli(scalar(lr)).divi(s.sqrt().addi(scalar(epsilon))));
        }

        @Override
        List<float[]> buffers() {
            return List.of(sumSquares);
        }
    }

    /**
     * σ² ← α σ² + (1−α) g², θ ← θ − η g / (σ + ε). σ² starts at 0 (PyTorch's convention) rather than the course's
     * σ⁰ = |g⁰|, so the first step is 1/sqrt(1−α) times larger than the course's.
     */
    static final class RmsProp extends Optimizer {
        private final float alpha;
        private final float oneMinusAlpha;
        private final float epsilon;
        private final float[] meanSquares;

        RmsProp(float wd, float alpha, float epsilon, int size) {
            super(wd);
            this.alpha = alpha;
            this.oneMinusAlpha = 1 - alpha;
            this.epsilon = epsilon;
            this.meanSquares = new float[size];
        }

        @Override
        void update(float[] theta, float[] g, float lr) {
            float[] v = meanSquares;
            for (int i = 0; i < theta.length; i++) {
                float gi = decayed(g[i], theta[i]);
                v[i] = v[i] * alpha + gi * gi * oneMinusAlpha;
                theta[i] -= gi * lr / ((float) Math.sqrt(v[i]) + epsilon);
            }
        }

        @Override
        void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers) {
            NDArray v = buffers.get(0);
            v.muli(scalar(alpha)).addi(g.mul(g).muli(scalar(oneMinusAlpha)));
            theta.subi(g.muli(scalar(lr)).divi(v.sqrt().addi(scalar(epsilon))));
        }

        @Override
        List<float[]> buffers() {
            return List.of(meanSquares);
        }
    }

    /**
     * Adam with bias correction: θ ← θ − η m̂ / (sqrt(v̂) + ε), m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ). Buffers: the
     * first moments, then the second.
     *
     * <p>Computed as θ ← θ − η' m / (sqrt(v) + ε') with η' = η·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ) and ε' = ε·sqrt(1 − β₂ᵗ): the
     * formula above multiplied through by sqrt(1 − β₂ᵗ), two scalars per step instead of two divisions per
     * parameter. The moments are updated with one fused multiply-add each, as DJL's native Adam (used before) did, so
     * they keep its bits; OptimizerTest holds the result to the formula in float64 over 500 steps.
     */
    static final class Adam extends Optimizer {
        private final float beta1;
        private final float beta2;
        private final float epsilon;
        private final float[] first;
        private final float[] second;

        Adam(float wd, float beta1, float beta2, float epsilon, int size) {
            super(wd);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.first = new float[size];
            this.second = new float[size];
        }

        /** sqrt(1 − β₂ᵗ) for the current step t, the factor η' and ε' share. */
        private double sqrtC2() {
            return Math.sqrt(1 - Math.pow(beta2, steps));
        }

        /** η' = η·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ). */
        private float rate(float lr, double sqrtC2) {
            return (float) (lr * sqrtC2 / (1 - Math.pow(beta1, steps)));
        }

        /** ε' = ε·sqrt(1 − β₂ᵗ). */
        private float eps(double sqrtC2) {
            return (float) (epsilon * sqrtC2);
        }

        @Override
        void update(float[] theta, float[] g, float lr) {
            double sqrtC2 = sqrtC2();
            float rate = rate(lr, sqrtC2);
            float eps = eps(sqrtC2);
            float oneMinusBeta1 = 1 - beta1;
            float oneMinusBeta2 = 1 - beta2;
            float[] m = first;
            float[] v = second;
            for (int i = 0; i < theta.length; i++) {
                float gi = decayed(g[i], theta[i]);
                m[i] = Math.fma(gi, oneMinusBeta1, m[i] * beta1);
                v[i] = Math.fma(oneMinusBeta2 * gi, gi, v[i] * beta2);
                theta[i] -= m[i] * rate / ((float) Math.sqrt(v[i]) + eps);
            }
        }

        @Override
        void update(NDArray theta, NDArray g, float lr, List<NDArray> buffers) {
            NDArray m = buffers.get(0);
            NDArray v = buffers.get(1);
            m.muli(scalar(beta1)).addi(g.mul(scalar(1 - beta1)));
            v.muli(scalar(beta2)).addi(g.mul(g).muli(scalar(1 - beta2)));
            double sqrtC2 = sqrtC2();
            theta.subi(m.mul(scalar(rate(lr, sqrtC2))).divi(v.sqrt().addi(scalar(eps(sqrtC2)))));
        }

        @Override
        List<float[]> buffers() {
            return List.of(first, second);
        }
    }
}
