package io.descent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** The second-order test on losses whose Hessian is known in closed form; pure Java, no DJL. */
class CriticalPointAnalyzerTest {

    /** The course's example: y = w₁·w₂·x with one sample x = 1, ŷ = 1, so L = (1 − w₁w₂)². */
    static final ToDoubleFunction<double[]> PRODUCT_LOSS = w -> Math.pow(1 - w[0] * w[1], 2);
    static final UnaryOperator<double[]> PRODUCT_GRADIENT = w -> {
        double r = 1 - w[0] * w[1];
        return new double[] {-2 * r * w[1], -2 * r * w[0]};
    };

    @Test
    void originOfTheProductModelIsASaddleWithEigenvaluesPlusMinusTwo() {
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(PRODUCT_LOSS, PRODUCT_GRADIENT, new double[] {0, 0});
        assertThat(a.verdict()).isEqualTo(CriticalPointVerdict.SADDLE_POINT);
        assertThat(a.gradientNorm()).isZero();
        assertThat(a.loss()).isEqualTo(1.0);
        assertThat(a.minEigenvalue()).isCloseTo(-2, within(1e-6));
        assertThat(a.maxEigenvalue()).isCloseTo(2, within(1e-6));
        assertThat(a.fullHessianMinEigenvalue()).isCloseTo(-2, within(1e-6));
        assertThat(a.fullHessianMaxEigenvalue()).isCloseTo(2, within(1e-6));
        assertThat(a.fullHessianNegativeEigenvalues()).isEqualTo(1);
        assertThat(a.degenerate()).isFalse();
        // Escaping along ±(1, 1)/√2: w₁ = w₂ = t/√2, L = (1 − t²/2)², zero at t = √2; the grid s₀·2ᵏ with
        // s₀ = 0.001 has 1.024 as its best step: L = (1 − 1.024²/2)² ≈ 0.2266.
        assertThat(a.escapeDirectionLoss()).isLessThan(a.loss()).isCloseTo(Math.pow(1 - 1.024 * 1.024 / 2, 2), within(1e-9));
        assertThat(Math.abs(a.escapeStep())).isCloseTo(1.024, within(1e-12));
    }

    @Test
    void negativeCurvatureEigenvectorOfTheProductModelIsTheDiagonal() {
        Lanczos.Result r = Lanczos.extremes(Hessians.hvp(PRODUCT_GRADIENT, new double[] {0, 0}), 2, 10, 1);
        double[] u = r.minVector();
        assertThat(Math.abs(u[0])).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(u[1]).isCloseTo(u[0], within(1e-6));
        assertThat(r.maxVector()[1]).isCloseTo(-r.maxVector()[0], within(1e-6));
    }

    @Test
    void productModelAtASolutionIsAMinimumAlongAFlatValley() {
        // w₁w₂ = 1 is a whole curve of minima: one eigenvalue is 0 (along the curve), so the test is degenerate.
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(PRODUCT_LOSS, PRODUCT_GRADIENT, new double[] {2, 0.5});
        assertThat(a.verdict()).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(a.degenerate()).isTrue();
        // H = 2·(w₂, w₁)ᵀ(w₂, w₁) at the solution: eigenvalues 0 and 2(w₁² + w₂²) = 8.5.
        assertThat(a.maxEigenvalue()).isCloseTo(8.5, within(1e-4));
        assertThat(a.escapeDirectionLoss()).isNull();
    }

    @Test
    void convexQuadraticIsAMinimumWithItsKnownSpectrum() {
        double[] d = diagonal(200, 0.5, 40.0);
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(quadratic(d, 1), quadraticGradient(d, 1), new double[200]);
        assertThat(a.verdict()).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(a.degenerate()).isFalse();
        assertThat(a.minEigenvalue()).isCloseTo(0.5, within(1e-3));
        assertThat(a.maxEigenvalue()).isCloseTo(40.0, within(1e-3));
        assertThat(a.fullHessianMinEigenvalue()).isCloseTo(0.5, within(1e-6));
        assertThat(a.fullHessianMaxEigenvalue()).isCloseTo(40.0, within(1e-6));
        assertThat(a.fullHessianNegativeEigenvalues()).isZero();
        assertThat(a.lanczosIterations()).isEqualTo(CriticalPointAnalyzer.LANCZOS_ITERATIONS);
    }

    @Test
    void lanczosWithMoreIterationsThanTheDimensionRecoversTheExactSpectrumEnds() {
        double[] d = {-3, 1, 2, 7};
        Lanczos.Result r = Lanczos.extremes(v -> new double[] {d[0] * v[0], d[1] * v[1], d[2] * v[2], d[3] * v[3]}, 4, 50, 7);
        assertThat(r.iterations()).isLessThanOrEqualTo(4);
        assertThat(r.minEigenvalue()).isCloseTo(-3, within(1e-10));
        assertThat(r.maxEigenvalue()).isCloseTo(7, within(1e-10));
        assertThat(Math.abs(r.minVector()[0])).isCloseTo(1, within(1e-8));
    }

    @Test
    void negatedQuadraticIsAMaximum() {
        double[] d = diagonal(50, 1, 10);
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(quadratic(d, -1), quadraticGradient(d, -1), new double[50]);
        assertThat(a.verdict()).isEqualTo(CriticalPointVerdict.LOCAL_MAXIMUM);
        assertThat(a.minEigenvalue()).isCloseTo(-10, within(1e-4));
        assertThat(a.maxEigenvalue()).isCloseTo(-1, within(1e-4));
    }

    @Test
    void pointWithALargeGradientIsNotCritical() {
        double[] d = diagonal(10, 1, 5);
        double[] theta = new double[10];
        theta[3] = 2;
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(quadratic(d, 1), quadraticGradient(d, 1), theta);
        assertThat(a.gradientNorm()).isGreaterThan(a.gradientTolerance());
        assertThat(a.verdict()).isEqualTo(CriticalPointVerdict.NOT_CRITICAL);
        assertThat(a.escapeDirectionLoss()).isNull();
    }

    @Test
    void fullHessianIsSkippedAboveTheLimit() {
        double[] d = diagonal(CriticalPointAnalyzer.FULL_HESSIAN_LIMIT + 1, 1, 2);
        CriticalPointAnalysis a = CriticalPointAnalyzer.analyze(quadratic(d, 1), quadraticGradient(d, 1), new double[d.length]);
        assertThat(a.crossCheck()).isNull();
        assertThat(a.fullHessianMaxEigenvalue()).isNull();
        assertThat(a.maxEigenvalue()).isCloseTo(2, within(1e-3));
    }

    @Test
    void verdictThresholds() {
        // gradient tolerance 0.05 · max(L, 0.001)
        assertThat(CriticalPointVerdict.classify(1.0, 0.051, 1, 2)).isEqualTo(CriticalPointVerdict.NOT_CRITICAL);
        assertThat(CriticalPointVerdict.classify(1.0, 0.049, 1, 2)).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(CriticalPointVerdict.classify(0.0, 6e-5, 1, 2)).isEqualTo(CriticalPointVerdict.NOT_CRITICAL);
        assertThat(CriticalPointVerdict.classify(0.0, 4e-5, 1, 2)).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(CriticalPointVerdict.classify(1.0, Double.NaN, 1, 2)).isEqualTo(CriticalPointVerdict.NOT_CRITICAL);
        // eigenvalue tolerance 0.001 · max |λ|: −0.009 next to 10 is noise, −0.011 is curvature
        assertThat(CriticalPointVerdict.classify(1.0, 0, -0.009, 10)).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(CriticalPointVerdict.degenerate(-0.009, 10)).isTrue();
        assertThat(CriticalPointVerdict.classify(1.0, 0, -0.011, 10)).isEqualTo(CriticalPointVerdict.SADDLE_POINT);
        assertThat(CriticalPointVerdict.classify(1.0, 0, -10, 0.009)).isEqualTo(CriticalPointVerdict.LOCAL_MAXIMUM);
        assertThat(CriticalPointVerdict.classify(1.0, 0, 0, 0)).isEqualTo(CriticalPointVerdict.LOCAL_MINIMUM);
        assertThat(CriticalPointVerdict.degenerate(0, 0)).isTrue();
    }

    static double[] diagonal(int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = lo + (hi - lo) * i / (n - 1);
        }
        return d;
    }

    static ToDoubleFunction<double[]> quadratic(double[] d, double sign) {
        return x -> {
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                s += d[i] * x[i] * x[i];
            }
            return sign * s / 2;
        };
    }

    static UnaryOperator<double[]> quadraticGradient(double[] d, double sign) {
        return x -> {
            double[] g = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                g[i] = sign * d[i] * x[i];
            }
            return g;
        };
    }
}
