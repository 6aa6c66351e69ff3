package io.descent.analysis;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The extreme eigenvalues (and their eigenvectors) of a symmetric linear operator known only through products
 * {@code v ↦ Av}, by the Lanczos iteration. Every new Lanczos vector is re-orthogonalised against all previous
 * ones (twice, "twice is enough"): the operator here is a finite-difference Hessian whose products carry noise,
 * and without it the basis loses orthogonality and produces spurious copies of the extreme eigenvalues.
 * The small tridiagonal matrix is solved with EJML. The start vector is drawn from a fixed seed so that an
 * analysis is reproducible.
 */
final class Lanczos {

    /** Extreme Ritz pairs; vectors are unit length in the operator's space. */
    record Result(double minEigenvalue, double[] minVector, double maxEigenvalue, double[] maxVector, int iterations) {
    }

    private Lanczos() {
    }

    /**
     * @param op         symmetric operator on R^n
     * @param n          dimension
     * @param iterations at most this many products (capped at n: after n steps the spectrum is exact)
     * @param seed       seed of the random start vector
     */
    static Result extremes(UnaryOperator<double[]> op, int n, int iterations, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("dimension must be at least 1");
        }
        int m = Math.min(n, Math.max(1, iterations));
        double[][] q = new double[m][];
        double[] alpha = new double[m];
        double[] beta = new double[m];
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        scale(v, 1 / norm(v));
        int k = 0;
        while (k < m) {
            q[k] = v;
            double[] w = op.apply(v.clone());
            if (w.length != n) {
                throw new IllegalArgumentException("operator returned " + w.length + " values, expected " + n);
            }
            alpha[k] = dot(w, v);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= k; j++) {
                    axpy(-dot(w, q[j]), q[j], w);
                }
            }
            k++;
            double b = norm(w);
            // An invariant subspace was found (or the operator is zero): its Ritz values are exact eigenvalues.
            if (k == m || b <= 1e-12 * Math.max(1, Math.abs(alpha[k - 1]))) {
                break;
            }
            beta[k - 1] = b;
            scale(w, 1 / b);
            v = w;
        }
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < k) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
        if (!eig.decompose(t)) {
            throw new ArithmeticException("eigen-decomposition of the Lanczos tridiagonal matrix failed");
        }
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < k; i++) {
            double value = eig.getEigenvalue(i).getReal();
            if (value < eig.getEigenvalue(lo).getReal()) {
                lo = i;
            }
            if (value > eig.getEigenvalue(hi).getReal()) {
                hi = i;
            }
        }
        return new Result(eig.getEigenvalue(lo).getReal(), ritzVector(q, eig.getEigenVector(lo), n),
                eig.getEigenvalue(hi).getReal(), ritzVector(q, eig.getEigenVector(hi), n), k);
    }

    private static double[] ritzVector(double[][] q, DMatrixRMaj y, int n) {
        double[] x = new double[n];
        for (int j = 0; j < y.getNumElements(); j++) {
            axpy(y.get(j), q[j], x);
        }
        double len = norm(x);
        scale(x, 1 / len);
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** y += a·x */
    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
