package io.descent.analysis;

/**
 * What the second-order test says about a parameter point.
 *
 * <p>Thresholds (see {@link #classify}): with L the loss, g the gradient and λ the Hessian eigenvalues,
 * <ul>
 * <li>{@code NOT_CRITICAL} when ‖g‖ &gt; {@value #GRADIENT_TOLERANCE} · max(L, {@value #LOSS_FLOOR}): the slope is
 * not small next to the loss itself, so a plain gradient step still lowers it noticeably; the curvature does
 * not decide anything then. The tolerance is relative rather than near zero because a cross-entropy loss on
 * classes the model can separate has no finite minimum: it keeps creeping towards 0 as the weights grow, so its
 * gradient never vanishes, and a trained model there is critical only in the practical sense that a step of
 * unit length in parameter space changes the loss by at most 5 %.</li>
 * <li>otherwise the eigenvalue signs decide, where "zero" means |λ| ≤ τ = {@value #EIGENVALUE_TOLERANCE} ·
 * max |λ| (finite-difference noise and the exactly flat directions every network has, such as shifting all
 * output biases of a softmax together, must not count as curvature):
 * {@code SADDLE_POINT} when λmin &lt; −τ and λmax &gt; τ; {@code LOCAL_MAXIMUM} when λmin &lt; −τ and λmax ≤ τ;
 * {@code LOCAL_MINIMUM} when λmin ≥ −τ (with {@code degenerate} set when λmin ≤ τ: some directions are flat to
 * second order, a valley floor rather than a bowl, where the test cannot see higher-order descent).</li>
 * <li>A Hessian that is zero in every direction (max |λ| = 0) is reported as a degenerate {@code LOCAL_MINIMUM}:
 * the point is flat, and no direction goes down to second order.</li>
 * </ul>
 */
public enum CriticalPointVerdict {
    LOCAL_MINIMUM, SADDLE_POINT, LOCAL_MAXIMUM, NOT_CRITICAL;

    static final double GRADIENT_TOLERANCE = 5e-2;
    static final double LOSS_FLOOR = 1e-3;
    static final double EIGENVALUE_TOLERANCE = 1e-3;

    static double gradientTolerance(double loss) {
        return GRADIENT_TOLERANCE * Math.max(Math.abs(loss), LOSS_FLOOR);
    }

    static double eigenvalueTolerance(double minEigenvalue, double maxEigenvalue) {
        return EIGENVALUE_TOLERANCE * Math.max(Math.abs(minEigenvalue), Math.abs(maxEigenvalue));
    }

    static CriticalPointVerdict classify(double loss, double gradientNorm, double minEigenvalue, double maxEigenvalue) {
        if (!(gradientNorm <= gradientTolerance(loss))) {
            return NOT_CRITICAL;
        }
        double tau = eigenvalueTolerance(minEigenvalue, maxEigenvalue);
        if (minEigenvalue < -tau) {
            return maxEigenvalue > tau ? SADDLE_POINT : LOCAL_MAXIMUM;
        }
        return LOCAL_MINIMUM;
    }

    /**
     * An extreme eigenvalue lies within tolerance of zero, so some direction is flat to second order and the test
     * is inconclusive along it (only the extremes are known, so interior flat directions of a saddle go unseen).
     */
    static boolean degenerate(double minEigenvalue, double maxEigenvalue) {
        double tau = eigenvalueTolerance(minEigenvalue, maxEigenvalue);
        return Math.abs(minEigenvalue) <= tau || Math.abs(maxEigenvalue) <= tau;
    }
}
