package io.descent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.descent.analysis.Diagnosis.Comparison;
import io.descent.analysis.Diagnosis.DiagnosisVerdict;
import io.descent.analysis.Diagnosis.Facts;
import io.descent.analysis.Diagnosis.FeatureShift;
import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;

/** Every branch of the General Guidance decision, and the statistics it is fed with; pure Java. */
class GeneralGuidanceTest {

    static final FeatureShift SHIFTED = new FeatureShift("x", 0.9, 3.0, 0.3, true);
    static final FeatureShift SAME = new FeatureShift("x", 0.05, 0.01, 0.3, false);

    static Facts facts(int depth, double train, Double validation, Double test, List<Comparison> comparisons,
            List<FeatureShift> shifts) {
        return new Facts("mse", depth, train, 1.0, validation, validation == null ? null : 1.0, test,
                test == null ? null : 1.0, comparisons, shifts);
    }

    @Test
    void largeTrainingLossWithoutABetterSimplerModelIsModelBias() {
        Diagnosis d = GeneralGuidance.diagnose(facts(1, 0.8, 0.85, null, List.of(new Comparison("linear", 0, 0.82)), List.of()));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.MODEL_BIAS);
        assertThat(d.evidence()).anyMatch(e -> e.contains("training loss 0.8 is large: 80%"));
        assertThat(d.suggestions()).anyMatch(s -> s.contains("more flexible"));
    }

    @Test
    void linearModelWithLargeTrainingLossIsModelBiasWithoutComparisons() {
        Diagnosis d = GeneralGuidance.diagnose(facts(0, 0.95, null, null, List.of(), List.of()));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.MODEL_BIAS);
        assertThat(d.suggestions()).contains("an mlp instead of a linear model");
    }

    @Test
    void deeperModelFittingWorseThanAShallowerOneIsOptimization() {
        Diagnosis d = GeneralGuidance.diagnose(facts(3, 0.9, 0.9, null,
                List.of(new Comparison("linear", 0, 0.3), new Comparison("mlp [8, 8]", 2, 0.2)), List.of()));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.OPTIMIZATION);
        assertThat(d.evidence()).anyMatch(e -> e.contains("mlp [8, 8] model can") && e.contains("fits the training data worse"));
    }

    @Test
    void aSimplerModelOnlyMarginallyBetterDoesNotCountAsOptimization() {
        // 0.9 vs 0.87: within the 0.05 × trivial-loss margin, the difference is noise of training.
        Diagnosis d = GeneralGuidance.diagnose(facts(2, 0.9, null, null, List.of(new Comparison("linear", 0, 0.87)), List.of()));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.MODEL_BIAS);
    }

    @Test
    void smallTrainingLossAndLargeValidationLossIsOverfitting() {
        Diagnosis d = GeneralGuidance.diagnose(facts(2, 0.002, 0.41, null, List.of(), List.of()));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.OVERFITTING);
        assertThat(d.evidence()).anyMatch(e -> e.contains("training loss 0.002 is small: under 1% of the 1 of a trivial"));
        assertThat(d.evidence()).anyMatch(e -> e.contains("validation loss 0.41 is 205× the training loss"));
        assertThat(d.suggestions()).contains("early stopping");
    }

    @Test
    void validationLossThatIsLargeButNotFarAboveTrainingIsNotOverfitting() {
        assertThat(GeneralGuidance.diagnose(facts(1, 0.45, 0.55, null, List.of(), List.of())).verdict())
                .isEqualTo(DiagnosisVerdict.OK);
    }

    @Test
    void testLossFarAboveValidationWithShiftedFeaturesIsMismatch() {
        Diagnosis d = GeneralGuidance.diagnose(facts(1, 0.05, 0.06, 2.5, List.of(), List.of(SAME, SHIFTED)));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.MISMATCH);
        assertThat(d.evidence()).anyMatch(e -> e.contains("feature x") && e.contains("mean moved by 3"));
    }

    @Test
    void testLossFarAboveValidationWithoutAnyShiftIsNotMismatch() {
        Diagnosis d = GeneralGuidance.diagnose(facts(1, 0.05, 0.06, 2.5, List.of(), List.of(SAME)));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.OK);
        assertThat(d.evidence()).anyMatch(e -> e.contains("not a mismatch of the inputs"));
    }

    @Test
    void shiftedFeaturesWithATestLossInLineAreOk() {
        Diagnosis d = GeneralGuidance.diagnose(facts(1, 0.05, 0.06, 0.07, List.of(), List.of(SHIFTED)));
        assertThat(d.verdict()).isEqualTo(DiagnosisVerdict.OK);
    }

    @Test
    void withoutValidationRowsTheTrainingLossIsTheReferenceForTheTestLoss() {
        assertThat(GeneralGuidance.diagnose(facts(1, 0.05, null, 0.9, List.of(), List.of(SHIFTED))).verdict())
                .isEqualTo(DiagnosisVerdict.MISMATCH);
    }

    @Test
    void constantLabelsMakeAnyLossInfinitelyLarge() {
        assertThat(GeneralGuidance.relative(0.1, 0)).isInfinite();
        assertThat(GeneralGuidance.relative(0, 0)).isZero();
    }

    @Test
    void ksStatisticIsTheLargestGapBetweenTheEmpiricalDistributions() {
        assertThat(Shifts.ks(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4})).isZero();
        assertThat(Shifts.ks(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(1.0);
        // F_a jumps to 0.5 at 1 while F_b is still 0; afterwards the gap never exceeds that.
        assertThat(Shifts.ks(new double[] {1, 3}, new double[] {2, 4})).isEqualTo(0.5);
        assertThat(Shifts.threshold(100, 100)).isCloseTo(1.95 * Math.sqrt(0.02), within(1e-12));
        assertThat(Shifts.threshold(100_000, 100_000)).isEqualTo(Shifts.MIN_EFFECT);
        assertThat(Shifts.meanShift(new double[] {0, 2}, new double[] {4, 4})).isCloseTo(3 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void shiftsCompareFeaturesByNameAndCategoriesByValue() {
        float[] xs = new float[40];
        float[] ys = new float[40];
        float[] cat = new float[40];
        for (int i = 0; i < 40; i++) {
            xs[i] = i;
            ys[i] = i + 100;
            cat[i] = i % 2;
        }
        DatasetTable train = table(List.of(numeric("x", xs), categorical("c", List.of("a", "b"), cat)));
        // Same categories in the other order: identical frequencies, so no shift.
        DatasetTable test = table(List.of(categorical("c", List.of("b", "a"), cat), numeric("x", ys)));
        int[] rows = TrivialPredictor.all(train);
        List<FeatureShift> shifts = Shifts.between(train, rows, test);
        assertThat(shifts).extracting(FeatureShift::feature).containsExactly("x", "c");
        assertThat(shifts.get(0).shifted()).isTrue();
        assertThat(shifts.get(0).statistic()).isEqualTo(1.0);
        assertThat(shifts.get(1).statistic()).isCloseTo(0, within(1e-12));
        assertThat(shifts.get(1).shifted()).isFalse();
    }

    @Test
    void trivialPredictorIsTheTrainingMeanOrTheClassFrequencies() {
        DatasetTable regression = new DatasetTable(UUID.randomUUID(), "r", Task.REGRESSION, "y", List.of(),
                List.of(), new float[] {1, 3, 5, 100});
        int[] train = {0, 1, 2};
        assertThat(TrivialPredictor.fit(regression, train, "mse").loss(regression, train)).isCloseTo(8.0 / 3, within(1e-9));
        assertThat(TrivialPredictor.fit(regression, train, "mse").loss(regression, new int[] {3})).isCloseTo(97 * 97, within(1e-6));
        assertThat(TrivialPredictor.fit(regression, train, "mae").loss(regression, train)).isCloseTo(4.0 / 3, within(1e-9));

        DatasetTable classes = new DatasetTable(UUID.randomUUID(), "c", Task.CLASSIFICATION, "y", List.of("a", "b"),
                List.of(), new float[] {0, 0, 0, 1});
        int[] all = {0, 1, 2, 3};
        // add-one smoothing: p(a) = 4/6, p(b) = 2/6
        double ce = -(3 * Math.log(4.0 / 6) + Math.log(2.0 / 6)) / 4;
        assertThat(TrivialPredictor.fit(classes, all, "cross-entropy").loss(classes, all)).isCloseTo(ce, within(1e-12));
        // the same classes stored in another order by a separately uploaded test set
        DatasetTable reordered = new DatasetTable(UUID.randomUUID(), "t", Task.CLASSIFICATION, "y", List.of("b", "a"),
                List.of(), new float[] {0});
        assertThat(TrivialPredictor.fit(classes, all, "cross-entropy").loss(reordered, new int[] {0}))
                .isCloseTo(-Math.log(2.0 / 6), within(1e-12));
    }

    static DatasetTable table(List<DatasetTable.Column> columns) {
        return new DatasetTable(UUID.randomUUID(), "t", Task.REGRESSION, "y", List.of(), columns,
                new float[columns.get(0).values().length]);
    }

    static DatasetTable.Column numeric(String name, float[] v) {
        return new DatasetTable.Column(name, DatasetTable.ColumnType.NUMERIC, List.of(), v);
    }

    static DatasetTable.Column categorical(String name, List<String> categories, float[] v) {
        return new DatasetTable.Column(name, DatasetTable.ColumnType.CATEGORICAL, categories, v);
    }
}
