package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import ai.djl.pytorch.jni.JniUtils;
import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.Task;

/**
 * Samples/s on a digits-shaped problem (1437 × 64, 10 classes, MLP 64-128-64-10, batch 32, Adam) with 1 and 2
 * intra-op threads. Opt-in (-Ddescent.bench=true) because it measures the machine, not correctness.
 */
@EnabledIfSystemProperty(named = "descent.bench", matches = "true")
class ThreadThroughputBenchmark {

    @Test
    void samplesPerSecondByThreadCount() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 1437;
        List<Column> features = new ArrayList<>();
        for (int j = 0; j < 64; j++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(17);
            }
            features.add(TestData.numeric("p" + j, v));
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(Integer.toString(r.nextInt(10)));
        }
        DatasetTable digits = TestData.table("digits", Task.CLASSIFICATION, "label", features, labels);
        TrainingSpec spec = TestData.spec(digits, TestData.mlp(128, 64), TestData.adam(0.001), 32, 10, 1);
        NativeEngine.get();
        for (int threads : new int[] {1, 2, 1, 2}) {
            JniUtils.setNumThreads(threads);
            long start = System.nanoTime();
            TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, digits, TestData.range(n), new int[0]), null);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCH threads=%d samples/s=%.0f (epoch seconds %.3f)%n", threads, 10.0 * n / seconds,
                    o.trainingSeconds() / 10);
            assertTrue(o.epochsRun() == 10);
        }
        JniUtils.setNumThreads(1);
    }
}
