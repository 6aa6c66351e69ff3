package io.descent.analysis;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The second-order test at a point θ of a loss known through its value and gradient: the gradient norm, the
 * extreme Hessian eigenvalues by Lanczos on finite-difference Hessian-vector products, the verdict
 * ({@link CriticalPointVerdict}), and for a saddle the loss after escaping along the negative-curvature
 * eigenvector. Small problems (at most {@value #FULL_HESSIAN_LIMIT} parameters) also get the full Hessian as a
 * cross-check: 2n gradients and an O(n³) eigen-solve stay within seconds there.
 *
 * <p>Escape step: along the unit eigenvector u of λmin, oriented downhill (−sign(gᵀu)), the losses at steps
 * t = s₀·2ᵏ for k = 0…{@value #ESCAPE_STEPS}−1 with s₀ = 10⁻³ · max(1, ‖θ‖) are compared and the lowest is
 * reported with its step. The smallest step sees the quadratic decrease ½λt²; the larger ones find how far the
 * descent carries before higher-order terms turn it back up.
 */
final class CriticalPointAnalyzer {

    static final int FULL_HESSIAN_LIMIT = 2000;
    static final int LANCZOS_ITERATIONS = 60;
    static final int ESCAPE_STEPS = 16;
    static final long LANCZOS_SEED = 20240229L;

    private CriticalPointAnalyzer() {
    }

    static CriticalPointAnalysis analyze(ToDoubleFunction<double[]> loss, UnaryOperator<double[]> gradient,
            double[] theta) {
        return analyze(loss, gradient, theta, theta.length <= FULL_HESSIAN_LIMIT);
    }

    static CriticalPointAnalysis analyze(ToDoubleFunction<double[]> loss, UnaryOperator<double[]> gradient,
            double[] theta, boolean fullHessian) {
        int n = theta.length;
        double l0 = loss.applyAsDouble(theta);
        double[] g = gradient.apply(theta.clone());
        double gradientNorm = Lanczos.norm(g);
        if (!Double.isFinite(l0) || !Double.isFinite(gradientNorm)) {
            throw new ArithmeticException("the loss or its gradient is not finite at the trained parameters");
        }
        Lanczos.Result lanczos = Lanczos.extremes(Hessians.hvp(gradient, theta), n, LANCZOS_ITERATIONS, LANCZOS_SEED);
        double lo = lanczos.minEigenvalue();
        double hi = lanczos.maxEigenvalue();
        CriticalPointVerdict verdict = CriticalPointVerdict.classify(l0, gradientNorm, lo, hi);
        double tau = CriticalPointVerdict.eigenvalueTolerance(lo, hi);

        Double escapeLoss = null;
        Double escapeStep = null;
        if (verdict == CriticalPointVerdict.SADDLE_POINT) {
            double[] u = lanczos.minVector();
            double sign = Lanczos.dot(g, u) > 0 ? -1 : 1;
            double s0 = 1e-3 * Math.max(1, Lanczos.norm(theta));
            double best = Double.POSITIVE_INFINITY;
            double bestStep = 0;
            for (int k = 0; k < ESCAPE_STEPS; k++) {
                double t = sign * s0 * Math.pow(2, k);
                double[] at = theta.clone();
                Lanczos.axpy(t, u, at);
                double value = loss.applyAsDouble(at);
                if (value < best) {
                    best = value;
                    bestStep = t;
                }
            }
            escapeLoss = best;
            escapeStep = bestStep;
        }

        String crossCheck = null;
        Double fullMin = null;
        Double fullMax = null;
        Integer negatives = null;
        Double asymmetry = null;
        if (fullHessian) {
            Hessians.Full full = Hessians.full(gradient, theta);
            crossCheck = "full-hessian";
            fullMin = full.min();
            fullMax = full.max();
            int count = 0;
            for (double v : full.eigenvalues()) {
                if (v < -tau) {
                    count++;
                }
            }
            negatives = count;
            asymmetry = full.asymmetry();
        }
        return new CriticalPointAnalysis(gradientNorm, lo, hi, verdict, n, "lanczos-hvp", escapeLoss, escapeStep, l0,
                CriticalPointVerdict.gradientTolerance(l0), tau, CriticalPointVerdict.degenerate(lo, hi),
                Hessians.step(theta), lanczos.iterations(), crossCheck, fullMin, fullMax, negatives, asymmetry);
    }
}
