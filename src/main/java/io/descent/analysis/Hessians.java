package io.descent.analysis;

import java.util.function.UnaryOperator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Second derivatives from a gradient function alone, by central differences, because DJL has no second-order
 * autograd: Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε, whose error is O(ε²) for smooth L.
 *
 * <p>The step ε is scaled to the point: ε = {@value #RELATIVE_STEP} · max(1, ‖θ‖) · ‖v‖. Networks evaluate in
 * float32, whose rounding (≈ 6e-8 relative) would swamp a step that is tiny next to θ; a step of 1e-3 of ‖θ‖
 * keeps the rounding error of the difference near 1e-4 relative while the truncation error stays small.
 */
final class Hessians {

    static final double RELATIVE_STEP = 1e-3;

    private Hessians() {
    }

    /** The finite-difference step used at θ for a unit direction. */
    static double step(double[] theta) {
        return RELATIVE_STEP * Math.max(1, Lanczos.norm(theta));
    }

    /** The Hessian-vector product operator at θ. */
    static UnaryOperator<double[]> hvp(UnaryOperator<double[]> gradient, double[] theta) {
        double eps = step(theta);
        return v -> {
            double len = Lanczos.norm(v);
            if (len == 0) {
                return new double[v.length];
            }
            // Differencing along the unit direction keeps the step size independent of v's length.
            double h = eps / len;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            Lanczos.axpy(h, v, plus);
            Lanczos.axpy(-h, v, minus);
            double[] gp = gradient.apply(plus);
            double[] gm = gradient.apply(minus);
            double[] out = new double[v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (gp[i] - gm[i]) / (2 * h);
            }
            return out;
        };
    }

    /** The full Hessian, column i = H eᵢ, symmetrized as (H + Hᵀ)/2 to cancel the antisymmetric part of the noise. */
    static Full full(UnaryOperator<double[]> gradient, double[] theta) {
        int n = theta.length;
        UnaryOperator<double[]> h = hvp(gradient, theta);
        double[][] cols = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            cols[i] = h.apply(e);
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        double asym = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double a = cols[j][i];
                double b = cols[i][j];
                m.set(i, j, (a + b) / 2);
                asym += (a - b) * (a - b) / 4;
                total += a * a;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) {
            throw new ArithmeticException("eigen-decomposition of the full Hessian failed");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(values);
        return new Full(values, total == 0 ? 0 : Math.sqrt(asym / total));
    }

    /**
     * @param eigenvalues ascending
     * @param asymmetry   ‖H − Hᵀ‖/2 over ‖H‖ (Frobenius) before symmetrizing: the size of the finite-difference
     *                    noise relative to the Hessian (0 for exact products)
     */
    record Full(double[] eigenvalues, double asymmetry) {
        double min() {
            return eigenvalues[0];
        }

        double max() {
            return eigenvalues[eigenvalues.length - 1];
        }
    }
}
