package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;
import io.descent.training.TrainingSpec.ValidationSpec;

/** Seeded end-to-end checks that the models actually learn; each run takes at most a few seconds on 2 cores. */
class ConvergenceTest {

    private static TrainingOutcome holdout(DatasetTable data, TrainingSpec spec) {
        Splits.Split s = Splits.holdout(data.rows(),
                data.task() == Task.CLASSIFICATION ? Splits.classesOf(data.labels()) : null, 0.2, spec.seed());
        return new Trainer().train(TrainingRun.of(spec, data, s.trainRows(), s.validationRows()), null);
    }

    @Test
    void irisHoldoutReaches93Percent() {
        DatasetTable iris = TestData.load("iris.csv", Task.CLASSIFICATION);
        TrainingOutcome o = holdout(iris, TestData.spec(iris, TestData.mlp(16), TestData.adam(0.01), 16, 60, 0));
        assertTrue(o.validationAccuracy() >= 0.93, "iris validation accuracy " + o.validationAccuracy());
    }

    @Test
    void wineHoldoutReaches93Percent() {
        DatasetTable wine = TestData.load("wine.csv", Task.CLASSIFICATION);
        TrainingOutcome o = holdout(wine, TestData.spec(wine, TestData.mlp(32), TestData.adam(0.01), 16, 60, 0));
        assertTrue(o.validationAccuracy() >= 0.93, "wine validation accuracy " + o.validationAccuracy());
    }

    /** A linear model explains about half of the diabetes variance (R² ≈ 0.5), so 0.7 × the mean predictor is a clear margin. */
    @Test
    void diabetesBeatsTheTrainingMeanBy30Percent() {
        DatasetTable diabetes = TestData.load("diabetes.csv", Task.REGRESSION);
        TrainingSpec spec = TestData.spec(diabetes, new ModelSpec("linear", null, null), TestData.adam(0.05), 32, 60, 0);
        Splits.Split s = Splits.holdout(diabetes.rows(), null, 0.2, 0);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, diabetes, s.trainRows(), s.validationRows()), null);
        double mean = 0;
        for (int r : s.trainRows()) {
            mean += diabetes.labels()[r];
        }
        mean /= s.trainRows().length;
        double baseline = 0;
        for (int r : s.validationRows()) {
            baseline += Math.pow(diabetes.labels()[r] - mean, 2);
        }
        baseline /= s.validationRows().length;
        assertTrue(o.validationLoss() <= 0.7 * baseline, "validation MSE " + o.validationLoss() + " vs mean predictor " + baseline);
    }

    /**
     * The course's "red curve": flat at 1, up to 3 over [−1, 0], down to 2 over [0, 1], flat at 2. Its variance
     * on the grid is 0.38 and the best straight line leaves MSE 0.21 (computed with python3); a sum of 8 sigmoids
     * can place one smoothed step per kink, so MSE below 0.01 (under 3% of the variance, 20× better than a line)
     * shows that the sigmoids were actually arranged into the curve.
     */
    @Test
    void sigmoidSumFitsThePiecewiseLinearRedCurve() {
        int n = 200;
        float[] x = new float[n];
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x[i] = -3f + 6f * i / (n - 1);
            double v = x[i] < -1 ? 1 : x[i] < 0 ? 1 + 2 * (x[i] + 1) : x[i] < 1 ? 3 - x[i] : 2;
            y.add(Double.toString(v));
        }
        DatasetTable curve = TestData.table("red-curve", Task.REGRESSION, "y", List.of(TestData.numeric("x", x)), y);
        TrainingSpec spec = TestData.spec(curve, new ModelSpec("sigmoid-sum", null, 8), TestData.adam(0.05), 20, 150, 0);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, curve, TestData.range(n), new int[0]), null);
        assertTrue(o.trainLoss() < 0.01, "red-curve MSE " + o.trainLoss());
    }

    @Test
    void linearModelRecoversKnownWeights() {
        DatasetTable data = TrainerTest.linearData(100, 0f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null), TestData.adam(0.05), 10, 100, 0);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(100), new int[0]), null);
        Preprocessing pre = o.model().preprocessing();
        double[] theta = o.model().parameters(); // w1, w2, b in standardized units
        double w1 = theta[0] * pre.targetStd() / pre.features().get(0).std();
        double w2 = theta[1] * pre.targetStd() / pre.features().get(1).std();
        double b = pre.targetMean() + pre.targetStd() * theta[2] - w1 * pre.features().get(0).mean()
                - w2 * pre.features().get(1).mean();
        assertEquals(20, w1, 0.2);
        assertEquals(-10, w2, 0.1);
        assertEquals(100, b, 0.5);
    }

    /** The README's reference: plain PyTorch reached 0.955 ± 0.043 with this exact setup. */
    @Test
    void wineFiveFoldStratifiedMlpMatchesPyTorchReference() {
        DatasetTable wine = TestData.load("wine.csv", Task.CLASSIFICATION);
        TrainingSpec spec = new TrainingSpec("wine-cv", wine.id(), TestData.mlp(32), null, TestData.adam(0.01), null, 16, 100,
                0L, new ValidationSpec(null, 5, true, false), null, null, null).withDefaults(Task.CLASSIFICATION, 0);
        double sum = 0;
        for (Splits.Split fold : Splits.kFold(wine.rows(), Splits.classesOf(wine.labels()), 5, spec.seed())) {
            sum += new Trainer().train(TrainingRun.of(spec, wine, fold.trainRows(), fold.validationRows()), null)
                    .validationAccuracy();
        }
        assertTrue(sum / 5 >= 0.93, "mean 5-fold accuracy " + sum / 5);
    }

    /**
     * Weight decay as ridge regression: 40 noisy features, only 50 training rows and noise as strong as the signal,
     * so a linear model fitted without a penalty chases the noise (validation MSE several times the noise
     * variance), while an L2 decay of 0.3 shrinks it back; it must at least halve the validation loss on 500 fresh
     * rows, for each of three seeds.
     *
     * <p>This replaces a 2×256 relu net on 30 noisy sine points, which passed with one seed by chance: over five
     * seeds the same decay made validation worse in four (the L2 form of decay is weak under Adam, the reason
     * AdamW exists), and the one-ulp rounding change of the fused Adam kernel was enough to flip that seed.
     */
    @Test
    void weightDecayReducesOverfitting() {
        DatasetTable data = noisyLinear(50 + 500, 40);
        int[] train = TestData.range(50);
        int[] validation = new int[500];
        for (int i = 0; i < 500; i++) {
            validation[i] = 50 + i;
        }
        for (long seed = 1; seed <= 3; seed++) {
            double plain = ridgeRun(data, train, validation, 0.0, seed);
            double decayed = ridgeRun(data, train, validation, 0.3, seed);
            assertTrue(decayed < 0.5 * plain, "seed " + seed + ": weight decay " + decayed + " vs none " + plain);
        }
    }

    private static double ridgeRun(DatasetTable data, int[] train, int[] validation, double weightDecay, long seed) {
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null),
                new OptimizerSpec("adam", 0.01, null, null, null, null, null, weightDecay), 50, 1000, seed);
        return new Trainer().train(TrainingRun.of(spec, data, train, validation), null).validationLoss();
    }

    /** y = x·w + ε with x, w and ε standard normal (w scaled so that x·w has unit variance). */
    private static DatasetTable noisyLinear(int n, int d) {
        SplittableRandom r = new SplittableRandom(8);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian() / Math.sqrt(d);
        }
        float[][] x = new float[d][n];
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                x[j][i] = (float) r.nextGaussian();
                s += x[j][i] * w[j];
            }
            y.add(Double.toString(s + r.nextGaussian()));
        }
        List<Column> features = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            features.add(TestData.numeric("x" + j, x[j]));
        }
        return TestData.table("ridge", Task.REGRESSION, "y", features, y);
    }
}
