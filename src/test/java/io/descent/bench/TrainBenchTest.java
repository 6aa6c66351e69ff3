package io.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;

/** Keeps bench/run.sh's Java side compiling and working: one tiny case for one epoch, no timing asserted. */
class TrainBenchTest {

    @Test
    void runsATinyCaseEndToEnd(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("f0,f1,f2,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(r.nextInt(17)).append(',').append(r.nextInt(17)).append(',').append(r.nextInt(17)).append(',')
                    .append(i % 3).append('\n');
        }
        Path file = dir.resolve("tiny.csv");
        Files.writeString(file, csv);

        DatasetTable table = TrainBench.load(file, Task.CLASSIFICATION);
        assertEquals(40, table.rows());
        assertEquals(3, table.classes().size());
        TrainBench.Result result = TrainBench.run(table, new int[] {8}, 16, 1, 5);
        assertTrue(result.samplesPerSecond() > 0);
        assertTrue(Double.isFinite(result.lastLoss()));
        assertEquals(6, result.warmupSteps(), "5 warm-up steps round up to two whole epochs of 3 batches");
        assertEquals(2, TrainBench.whole(table, new int[] {8}, 16, 2).epochs().size());
    }

    @Test
    void gemmBenchTimesAProduct() {
        double us = GemmBench.microseconds(16, 8, 4, 2);
        assertTrue(us > 0 && Double.isFinite(us), "microseconds per product: " + us);
    }
}
