package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.ImageAugmentationSpec;

class ImageAugmentationTest {

    /** 40 images of 3 × 2 pixels; pixel (r, c) of image i is 10·i + 3·r + c + 1 (never 0, so fill is visible). */
    private static DatasetTable images() {
        List<Column> pixels = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            float[] v = new float[40];
            for (int i = 0; i < 40; i++) {
                v[i] = 10 * i + p + 1;
            }
            pixels.add(TestData.numeric("p" + p, v));
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            labels.add(Integer.toString(i % 2));
        }
        return TestData.table("images", Task.CLASSIFICATION, "label", pixels, labels);
    }

    private static float[][] augmentRaw(ImageAugmentationSpec spec) {
        DatasetTable t = images();
        Preprocessing pre = Preprocessing.fit(t, TestData.range(40));
        float[] x = pre.encode(t, TestData.range(40));
        float[] out = EpochLoop.augmentImages(x, TestData.range(40), 0, 40, pre, spec, pre.encodedZero(), new SplittableRandom(1));
        float[][] raw = new float[40][6];
        for (int i = 0; i < 40; i++) {
            for (int p = 0; p < 6; p++) {
                Preprocessing.Feature f = pre.features().get(p);
                raw[i][p] = Math.round(out[i * 6 + p] * f.std() + f.mean());
            }
        }
        return raw;
    }

    @Test
    void horizontalFlipMirrorsRowsOfSomeImages() {
        float[][] raw = augmentRaw(new ImageAugmentationSpec(3, 2, true, 0));
        int flipped = 0;
        for (int i = 0; i < 40; i++) {
            float b = 10 * i;
            float[] original = {b + 1, b + 2, b + 3, b + 4, b + 5, b + 6};
            float[] mirror = {b + 3, b + 2, b + 1, b + 6, b + 5, b + 4};
            if (Arrays.equals(raw[i], mirror)) {
                flipped++;
            } else {
                assertArrayEquals(original, raw[i], "image " + i);
            }
        }
        assertTrue(flipped > 5 && flipped < 35, flipped + " of 40 flipped");
    }

    @Test
    void shiftsMoveWholeImagesAndFillWithBlack() {
        float[][] raw = augmentRaw(new ImageAugmentationSpec(3, 2, false, 1));
        int moved = 0;
        for (int i = 0; i < 40; i++) {
            boolean found = false;
            for (int dy = -1; dy <= 1 && !found; dy++) {
                for (int dx = -1; dx <= 1 && !found; dx++) {
                    float[] expected = new float[6];
                    for (int r = 0; r < 2; r++) {
                        for (int c = 0; c < 3; c++) {
                            int sr = r - dy;
                            int sc = c - dx;
                            expected[r * 3 + c] = sr < 0 || sr > 1 || sc < 0 || sc > 2 ? 0 : 10 * i + 3 * sr + sc + 1;
                        }
                    }
                    if (Arrays.equals(expected, raw[i])) {
                        found = true;
                        moved += dx != 0 || dy != 0 ? 1 : 0;
                    }
                }
            }
            assertTrue(found, "image " + i + " is no shift of the original: " + Arrays.toString(raw[i]));
        }
        assertTrue(moved > 20, moved + " of 40 moved");
    }

    @Test
    void augmentedTrainingIsDeterministic() {
        DatasetTable t = images();
        TrainingSpec spec = new TrainingSpec("img", t.id(), TestData.mlp(8), null, TestData.adam(0.01), null, 8, 3, 1L, null,
                null, new TrainingSpec.AugmentationSpec(0.0, new ImageAugmentationSpec(3, 2, true, 1)), null)
                .withDefaults(Task.CLASSIFICATION, 1);
        TrainingRun run = TrainingRun.of(spec, t, TestData.range(30), new int[] {30, 31, 32, 33, 34, 35, 36, 37, 38, 39});
        TrainingOutcome a = new Trainer().train(run, null);
        TrainingOutcome b = new Trainer().train(run, null);
        assertEquals(a.epochs().get(2).trainLoss(), b.epochs().get(2).trainLoss(), 0.0);
        assertArrayEquals(a.model().parameters(), b.model().parameters(), 0.0);
    }
}
