package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.AugmentationSpec;
import io.descent.training.TrainingSpec.ImageAugmentationSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Augmentation touches training batches only. With a learning rate so small that no weight moves, the same seed
 * gives the same weights with and without augmentation; then the training loss (computed on augmented batches)
 * must differ, while the validation and test losses (never augmented) must be bit-identical.
 */
class AugmentationIsolationTest {

    static final DatasetTable PIXELS = pixels(120);

    @Test
    void gaussianNoiseNeverReachesValidationOrTestRows() {
        assertIsolated(new AugmentationSpec(2.0, null));
    }

    @Test
    void imageAugmentationNeverReachesValidationOrTestRows() {
        assertIsolated(new AugmentationSpec(0.0, new ImageAugmentationSpec(8, 8, true, 2)));
    }

    private static void assertIsolated(AugmentationSpec augmentation) {
        TrainingOutcome plain = run(new AugmentationSpec(0.0, null));
        TrainingOutcome augmented = run(augmentation);
        EpochStats p = plain.epochs().get(0);
        EpochStats a = augmented.epochs().get(0);
        assertNotEquals(p.trainLoss(), a.trainLoss(), "training batches are augmented");
        assertEquals(p.validationLoss(), a.validationLoss(), "validation rows are never augmented");
        assertEquals(plain.testLoss(), augmented.testLoss(), "test rows are never augmented");
    }

    private static TrainingOutcome run(AugmentationSpec augmentation) {
        TrainingSpec spec = new TrainingSpec("iso", PIXELS.id(), TestData.mlp(16), null,
                new OptimizerSpec("sgd", 1e-30, null, null, null, null, null, 0.0), null, 20, 1, 5L, null, null,
                augmentation, null).withDefaults(Task.CLASSIFICATION, 5);
        int[] train = TestData.range(80);
        int[] validation = new int[40];
        for (int i = 0; i < validation.length; i++) {
            validation[i] = 80 + i;
        }
        return new Trainer().train(TrainingRun.of(spec, PIXELS, train, validation).withTest(PIXELS), null);
    }

    /** 8 × 8 random grey images in two classes. */
    private static DatasetTable pixels(int n) {
        SplittableRandom r = new SplittableRandom(9);
        float[][] x = new float[64][n];
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            for (int p = 0; p < 64; p++) {
                x[p][i] = (float) (r.nextDouble() * 16 + (c == 1 && p % 8 < 4 ? 4 : 0));
            }
            y.add(Integer.toString(c));
        }
        List<DatasetTable.Column> columns = new ArrayList<>();
        for (int p = 0; p < 64; p++) {
            columns.add(TestData.numeric("p" + p, x[p]));
        }
        return TestData.table("pixels", Task.CLASSIFICATION, "label", columns, y);
    }
}
