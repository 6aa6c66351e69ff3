package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 100 rows: 60 of class 0, 30 of class 1, 10 of class 2, interleaved. */
    private static int[] classes() {
        int[] c = new int[100];
        for (int i = 0; i < 100; i++) {
            c[i] = i % 10 == 0 ? 2 : i % 10 < 4 ? 1 : 0;
        }
        return c;
    }

    @Test
    void holdoutIsDisjointCoversAllAndStratified() {
        int[] classes = classes();
        Splits.Split s = Splits.holdout(100, classes, 0.2, 7);
        assertEquals(80, s.trainRows().length);
        assertEquals(20, s.validationRows().length);
        assertCoversOnce(100, List.of(s.trainRows(), s.validationRows()));
        assertArrayEquals(new long[] {12, 6, 2}, counts(classes, s.validationRows()));
    }

    @Test
    void holdoutIsSeededAndShuffled() {
        Splits.Split a = Splits.holdout(100, null, 0.3, 1);
        assertArrayEquals(a.validationRows(), Splits.holdout(100, null, 0.3, 1).validationRows());
        assertFalse(Arrays.equals(a.validationRows(), Splits.holdout(100, null, 0.3, 2).validationRows()));
        // not simply the last 30 rows
        assertTrue(a.validationRows()[0] < 70);
    }

    @Test
    void holdoutZeroKeepsEveryRowForTraining() {
        Splits.Split s = Splits.holdout(10, null, 0.0, 1);
        assertEquals(10, s.trainRows().length);
        assertEquals(0, s.validationRows().length);
    }

    @Test
    void stratifiedFoldsAreDisjointCoverEveryRowAndKeepProportions() {
        int[] classes = classes();
        List<Splits.Split> folds = Splits.kFold(100, classes, 3, 11);
        assertEquals(3, folds.size());
        assertCoversOnce(100, folds.stream().map(Splits.Split::validationRows).toList());
        for (Splits.Split f : folds) {
            assertCoversOnce(100, List.of(f.trainRows(), f.validationRows()));
            long[] c = counts(classes, f.validationRows());
            // 60/3 = 20, 30/3 = 10, 10/3 = 3.33: within one row per class
            assertEquals(20, c[0], 1);
            assertEquals(10, c[1], 1);
            assertEquals(10 / 3.0, c[2], 1);
            assertEquals(100 / 3.0, f.validationRows().length, 1);
        }
    }

    @Test
    void plainFoldsCoverEveryRowOnce() {
        List<Splits.Split> folds = Splits.kFold(17, null, 5, 3);
        assertCoversOnce(17, folds.stream().map(Splits.Split::validationRows).toList());
        for (Splits.Split f : folds) {
            assertTrue(f.validationRows().length == 3 || f.validationRows().length == 4);
        }
    }

    private static void assertCoversOnce(int n, List<int[]> parts) {
        BitSet seen = new BitSet(n);
        int total = 0;
        for (int[] p : parts) {
            for (int r : p) {
                assertFalse(seen.get(r), "row " + r + " appears twice");
                seen.set(r);
                total++;
            }
        }
        assertEquals(n, total);
        assertEquals(n, seen.cardinality());
    }

    private static long[] counts(int[] classes, int[] rows) {
        long[] c = new long[3];
        for (int r : rows) {
            c[classes[r]]++;
        }
        return c;
    }
}
