package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Dropout against overfitting, on the kind of problem where the course shows it: few rows, many irrelevant
 * features and noisy labels. An unregularized 2×256 network memorises the 60 training rows and becomes
 * over-confident, so its validation cross-entropy on fresh rows grows; heavy dropout (0.8, off in evaluation) must
 * give a clearly lower validation loss with the same seed, data and budget. Measured when written: 1.63 without,
 * 0.67 with dropout 0.8 (0.5 was not enough for 256 units on 60 rows: 1.99).
 */
class DropoutTest {

    @Test
    void dropoutLowersValidationLossOfAnOverParameterizedNetwork() {
        DatasetTable data = noisyBlobs(60 + 400);
        int[] train = TestData.range(60);
        int[] validation = new int[400];
        for (int i = 0; i < validation.length; i++) {
            validation[i] = 60 + i;
        }
        double plain = run(data, train, validation, 0.0);
        double dropped = run(data, train, validation, 0.8);
        assertTrue(dropped < 0.6 * plain, "validation loss with dropout " + dropped + " vs without " + plain);
    }

    private static double run(DatasetTable data, int[] train, int[] validation, double dropout) {
        ModelSpec model = new ModelSpec("mlp", List.of(new LayerSpec(256, "relu", dropout), new LayerSpec(256, "relu", dropout)), null);
        TrainingSpec spec = TestData.spec(data, model, new OptimizerSpec("adam", 0.001, null, null, null, null, null, 0.0),
                20, 300, 4);
        return new Trainer().train(TrainingRun.of(spec, data, train, validation), null).validationLoss();
    }

    /** Two classes separated along the first 2 of 20 features; 15% of labels flipped. */
    private static DatasetTable noisyBlobs(int n) {
        SplittableRandom r = new SplittableRandom(11);
        int d = 20;
        float[][] x = new float[d][n];
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(2);
            for (int j = 0; j < d; j++) {
                x[j][i] = (float) (r.nextGaussian() + (j < 2 ? (c == 0 ? -0.8 : 0.8) : 0));
            }
            y.add(Integer.toString(r.nextDouble() < 0.15 ? 1 - c : c));
        }
        List<DatasetTable.Column> columns = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            columns.add(TestData.numeric("f" + j, x[j]));
        }
        return TestData.table("blobs", Task.CLASSIFICATION, "label", columns, y);
    }
}
