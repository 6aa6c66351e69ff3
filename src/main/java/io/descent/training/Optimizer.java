package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
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
        return o;
    }

    /** One update of every parameter with its gradient at learning rate {@code lr}. */
    final void step(List<NDArray> params, List<NDArray> grads, float lr) {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            NDArray g = grads.get(i);
            if (weightDecay != 0f) {
                g = g.add(params.get(i).mul(weightDecay));
            }
            update(i, params.get(i), g, lr);
        }
    }

    abstract void update(int index, NDArray param, NDArray grad, float lr);

    abstract List<NDArray> buffers();

    State state() {
        List<float[]> copies = new ArrayList<>();
        for (NDArray b : buffers()) {
            copies.add(b.toFloatArray());
        }
        return new State(steps, copies);
    }

    void restore(State state) {
        List<NDArray> buffers = buffers();
        if (state.buffers().size() != buffers.size()) {
            throw new IllegalArgumentException("optimizer state has " + state.buffers().size() + " buffers, expected " + buffers.size());
        }
        for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).set(state.buffers().get(i));
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
        void update(int index, NDArray param, NDArray grad, float lr) {
            param.subi(grad.mul(lr));
        }

        @Override
        List<NDArray> buffers() {
            return List.of();
        }
    }

    /** m ← λm − ηg, θ ← θ + m (the course's "movement", starting from m = 0). */
    static final class Momentum extends Optimizer {
        private final float lambda;
        private final List<NDArray> movement;

        Momentum(float wd, float lambda, List<NDArray> params) {
            super(wd);
            this.lambda = lambda;
            this.movement = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, float lr) {
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
        private final float epsilon;
        private final List<NDArray> sumSquares;

        Adagrad(float wd, float epsilon, List<NDArray> params) {
            super(wd);
            this.epsilon = epsilon;
            this.sumSquares = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, float lr) {
            NDArray s = sumSquares.get(index);
            s.addi(grad.square());
            param.subi(grad.mul(lr).div(s.sqrt().add(epsilon)));
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
        private final float alpha;
        private final float epsilon;
        private final List<NDArray> meanSquares;

        RmsProp(float wd, float alpha, float epsilon, List<NDArray> params) {
            super(wd);
            this.alpha = alpha;
            this.epsilon = epsilon;
            this.meanSquares = zerosLike(params);
        }

        @Override
        void update(int index, NDArray param, NDArray grad, float lr) {
            NDArray v = meanSquares.get(index);
            v.muli(alpha).addi(grad.square().mul(1 - alpha));
            param.subi(grad.mul(lr).div(v.sqrt().add(epsilon)));
        }

        @Override
        List<NDArray> buffers() {
            return meanSquares;
        }
    }

    /** Adam with bias correction: θ ← θ − η m̂ / (sqrt(v̂) + ε). Buffers: all first moments, then all second moments. */
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
        void update(int index, NDArray param, NDArray grad, float lr) {
            NDArray m = first.get(index);
            NDArray v = second.get(index);
            m.muli(beta1).addi(grad.mul(1 - beta1));
            v.muli(beta2).addi(grad.square().mul(1 - beta2));
            float c1 = (float) (1 - Math.pow(beta1, steps));
            float c2 = (float) (1 - Math.pow(beta2, steps));
            param.subi(m.div(c1).mul(lr).div(v.div(c2).sqrt().add(epsilon)));
        }

        @Override
        List<NDArray> buffers() {
            List<NDArray> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }
    }
}
