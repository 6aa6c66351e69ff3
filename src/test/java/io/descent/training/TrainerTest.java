package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.AugmentationSpec;
import io.descent.training.TrainingSpec.EarlyStoppingSpec;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;
import io.descent.training.TrainingSpec.ScheduleSpec;

class TrainerTest {

    private static final DatasetTable WINE = TestData.load("wine.csv", Task.CLASSIFICATION);

    /** Every source of randomness at once: dropout, Gaussian noise, shuffling, a warmup+cosine schedule. */
    private static TrainingSpec noisySpec(long seed, EarlyStoppingSpec early) {
        return noisySpec(seed, early,
                new ModelSpec("mlp", List.of(new LayerSpec(16, "relu", 0.2), new LayerSpec(8, "tanh", 0.1)), null));
    }

    private static TrainingSpec noisySpec(long seed, EarlyStoppingSpec early, ModelSpec model) {
        return new TrainingSpec("resume", WINE.id(), model, null, TestData.adam(0.01),
                new ScheduleSpec(5, "cosine", null, null, 0.001), 32, 6, seed, null, early,
                new AugmentationSpec(0.1, null), null).withDefaults(Task.CLASSIFICATION, seed);
    }

    private static TrainingRun wineRun(TrainingSpec spec) {
        Splits.Split s = Splits.holdout(WINE.rows(), Splits.classesOf(WINE.labels()), 0.2, spec.seed());
        return TrainingRun.of(spec, WINE, s.trainRows(), s.validationRows());
    }

    /** Updates on the host (the CPU's way) and as tensor operations on the device (a GPU's way, here on the CPU). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void resumingFromASerializedCheckpointIsBitIdentical(boolean updatesOnDevice) {
        TrainingSpec spec = noisySpec(5, new EarlyStoppingSpec(100, 0.0, true));
        TrainingOutcome full = new Trainer(updatesOnDevice).train(wineRun(spec), null);

        AtomicReference<byte[]> saved = new AtomicReference<>();
        TrainingOutcome interrupted = new Trainer(updatesOnDevice).train(
                wineRun(spec).cancelledWhen(() -> saved.get() != null),
                (stats, checkpoint) -> {
                    if (stats.epoch() == 3) {
                        saved.set(checkpoint.toBytes());
                    }
                });
        assertTrue(interrupted.cancelled());
        assertEquals(3, interrupted.epochsRun());

        TrainingOutcome resumed = new Trainer(updatesOnDevice).train(
                wineRun(spec).resumingFrom(Checkpoint.fromBytes(saved.get())), null);
        assertEquals(6, resumed.epochsRun());
        for (int i = 0; i < 6; i++) {
            EpochStats a = full.epochs().get(i);
            EpochStats b = resumed.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(a.validationLoss(), b.validationLoss(), 0.0);
            assertEquals(a.gradientNorm(), b.gradientNorm(), 0.0);
            assertEquals(a.learningRate(), b.learningRate(), 0.0);
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0);
        }
        assertArrayEquals(full.model().parameters(), resumed.model().parameters(), 0.0);
        assertEquals(full.bestEpoch(), resumed.bestEpoch());
    }

    /**
     * The tensor updates a GPU run uses follow the host loop: every source of randomness on, six epochs, the same
     * figures to float rounding (the two round differently, so equality would be luck), for each optimizer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adagrad", "rmsprop", "adam"})
    void updatesOnTheDeviceFollowTheHostLoop(String type) {
        OptimizerSpec optimizer = new OptimizerSpec(type, "sgd".equals(type) || "momentum".equals(type) ? 0.05 : 0.01,
                null, null, null, null, null, 0.001);
        TrainingSpec base = noisySpec(9, null);
        TrainingSpec spec = new TrainingSpec(base.name(), base.datasetId(), base.model(), base.loss(), optimizer,
                base.schedule(), base.batchSize(), base.epochs(), base.seed(), base.validation(), null,
                base.augmentation(), null).withDefaults(Task.CLASSIFICATION, 9);
        TrainingOutcome host = new Trainer(false).train(wineRun(spec), null);
        TrainingOutcome device = new Trainer(true).train(wineRun(spec), null);
        assertEquals(6, device.epochsRun());
        for (int i = 0; i < 6; i++) {
            EpochStats a = host.epochs().get(i);
            EpochStats b = device.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 1e-4 * a.trainLoss(), type + " epoch " + (i + 1));
            assertEquals(a.validationLoss(), b.validationLoss(), 1e-4 * a.validationLoss(), type);
            assertEquals(a.gradientNorm(), b.gradientNorm(), 1e-4 * a.gradientNorm(), type);
        }
        double[] p = host.model().parameters();
        double[] q = device.model().parameters();
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], q[i], 1e-4 * Math.max(1, Math.abs(p[i])), type + " parameter " + i);
        }
        assertTrue(host.epochs().get(5).trainLoss() < host.epochs().get(0).trainLoss(), type + " did not learn");
    }

    @Test
    void updatesGoToTheDeviceOnAGpuAndStayOnTheHostOnTheCpuUnlessTold() {
        assertFalse(Trainer.updatesOnDevice("auto", ai.djl.Device.cpu()));
        assertTrue(Trainer.updatesOnDevice("auto", ai.djl.Device.gpu()));
        assertFalse(Trainer.updatesOnDevice("host", ai.djl.Device.gpu()));
        assertTrue(Trainer.updatesOnDevice("device", ai.djl.Device.cpu()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.updatesOnDevice("gpu", ai.djl.Device.cpu()));
        assertTrue(e.getMessage().contains(Trainer.UPDATES_PROPERTY) && e.getMessage().contains("'gpu'"), e.getMessage());
    }

    @Test
    void sameSeedIsIdenticalAndAnotherSeedIsNot() {
        TrainingOutcome a = new Trainer().train(wineRun(noisySpec(1, null)), null);
        TrainingOutcome b = new Trainer().train(wineRun(noisySpec(1, null)), null);
        TrainingOutcome c = new Trainer().train(wineRun(noisySpec(2, null)), null);
        for (int i = 0; i < 6; i++) {
            assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss(), 0.0);
            assertEquals(a.epochs().get(i).validationLoss(), b.epochs().get(i).validationLoss(), 0.0);
        }
        assertArrayEquals(a.model().parameters(), b.model().parameters(), 0.0);
        assertNotEquals(a.epochs().get(0).trainLoss(), c.epochs().get(0).trainLoss());
    }

    /**
     * A tensor that autograd keeps for backward must not live in memory the JVM may free. DJL's operations with a
     * number make the number a tensor over a direct buffer and close it at once; autograd kept it for backward, so
     * a collection between forward and backward freed what backward then read (a same-seed run of CI's differed
     * from its twin from epoch 4 on). Here the heap is collected all the time and freed memory is reused at once,
     * and every run must still match the quiet one: dropout's rescaling and the hard sigmoid's division are in it.
     */
    @Test
    void sameSeedIsIdenticalWhileTheHeapIsCollectedAndMemoryReused() throws InterruptedException {
        ModelSpec model = new ModelSpec("mlp",
                List.of(new LayerSpec(16, "relu", 0.2), new LayerSpec(8, "hard-sigmoid", 0.1)), null);
        TrainingSpec spec = noisySpec(1, null, model);
        TrainingOutcome quiet = new Trainer().train(wineRun(spec), null);

        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
            }
        }, "collector");
        Thread reuser = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(7);
            while (!stop.get()) {
                // allocateDirect zeroes what it takes: freed tensor memory, once reused, reads as zeros
                java.nio.ByteBuffer.allocateDirect(4 + random.nextInt(4096)).put(0, (byte) 1);
            }
        }, "reuser");
        collector.start();
        reuser.start();
        try {
            for (int run = 0; run < 3; run++) {
                TrainingOutcome busy = new Trainer().train(wineRun(spec), null);
                for (int i = 0; i < 6; i++) {
                    assertEquals(quiet.epochs().get(i).trainLoss(), busy.epochs().get(i).trainLoss(), 0.0,
                            "run " + run + ", epoch " + (i + 1));
                }
                assertArrayEquals(quiet.model().parameters(), busy.model().parameters(), 0.0, "run " + run);
            }
        } finally {
            stop.set(true);
            collector.join();
            reuser.join();
        }
    }

    /** Each epoch's checkpoint keeps the history of its epoch, whatever the run appends after it (past 16, it grows). */
    @Test
    void aCheckpointsHistoryIsThatOfItsEpoch() {
        DatasetTable data = linearData(40, 0.1f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null), TestData.adam(0.01), 20, 40, 1);
        List<Checkpoint> checkpoints = new ArrayList<>();
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(40), new int[0]),
                (stats, checkpoint) -> checkpoints.add(checkpoint));
        assertEquals(40, checkpoints.size());
        for (Checkpoint c : checkpoints) {
            assertEquals(o.epochs().subList(0, c.epoch()), c.history(), "epoch " + c.epoch());
            assertThrows(UnsupportedOperationException.class, () -> c.history().add(o.epochs().get(0)));
        }
    }

    @Test
    void epochStatsDescribeTheEpoch() {
        TrainingOutcome o = new Trainer().train(wineRun(noisySpec(3, null)), null);
        assertEquals(6, o.epochs().size());
        // 142 training rows, batch 32: 5 updates per epoch; epoch 1 ends at update index 4 of the warmup (5 steps)
        assertEquals(0.01 * 4 / 5, o.epochs().get(0).learningRate(), 1e-9);
        for (EpochStats s : o.epochs()) {
            assertTrue(s.gradientNorm() > 0);
            assertTrue(s.trainAccuracy() >= 0 && s.trainAccuracy() <= 1);
            assertTrue(s.seconds() > 0);
        }
        assertTrue(o.epochs().get(5).trainLoss() < o.epochs().get(0).trainLoss());
        assertEquals(o.epochs().stream().mapToDouble(EpochStats::seconds).sum(), o.trainingSeconds(), 1e-9);
    }

    @Test
    void divergenceNamesTheEpochAndTheRemedy() {
        DatasetTable data = linearData(64, 0f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null),
                new OptimizerSpec("sgd", 1e6, null, null, null, null, null, null), 8, 5, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer().train(TrainingRun.of(spec, data, TestData.range(64), new int[0]), null));
        assertTrue(e.getMessage().matches("training diverged at epoch 1 \\(loss became (NaN|infinite)\\); lower the learning rate"),
                e.getMessage());
    }

    @Test
    void cancellationStopsWithinOneBatchAndKeepsFinishedEpochs() {
        int[] batches = {0};
        TrainingSpec spec = noisySpec(1, null);
        TrainingOutcome o = new Trainer().train(wineRun(spec).cancelledWhen(() -> batches[0]++ >= 12), null);
        // 5 batches per epoch: the 13th check (in epoch 3) cancels
        assertTrue(o.cancelled());
        assertEquals(2, o.epochsRun());
        assertEquals(13, batches[0]);
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // a wide net at a high rate overfits wine within a few dozen epochs
        TrainingSpec spec = new TrainingSpec("es", WINE.id(), TestData.mlp(64), null, TestData.adam(0.05), null, 8, 200, 4L,
                null, new EarlyStoppingSpec(3, 0.0, true), null, null).withDefaults(Task.CLASSIFICATION, 4);
        TrainingOutcome o = new Trainer().train(wineRun(spec), null);
        assertTrue(o.stoppedEarly());
        assertEquals(o.bestEpoch() + 3, o.epochsRun());
        double best = o.epochs().stream().mapToDouble(EpochStats::validationLoss).min().orElseThrow();
        assertEquals(best, o.epochs().get(o.bestEpoch() - 1).validationLoss(), 0.0);
        assertEquals(best, o.validationLoss(), 1e-6);
    }

    @Test
    void withoutValidationRowsValidationIsNullAndBestEpochIsTheLast() {
        DatasetTable data = linearData(40, 0f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null), TestData.adam(0.01), 8, 3, 1);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(40), new int[0]).withTest(data), null);
        assertNull(o.validationLoss());
        assertNull(o.epochs().get(0).validationLoss());
        assertEquals(3, o.bestEpoch());
        // the test table here is the training table, so the test loss is the final train loss
        assertEquals(o.trainLoss(), o.testLoss(), 1e-6);
        assertNull(o.testAccuracy());
    }

    @Test
    void modelZipRoundTripsAndPredictsFromRawRows() {
        DatasetTable data = colourData();
        TrainingSpec spec = TestData.spec(data, TestData.mlp(8), TestData.adam(0.05), 16, 30, 2);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(data.rows()), new int[0]), null);
        byte[] zip = o.model().toZip();
        TrainedModel copy = TrainedModel.fromZip(zip);
        assertArrayEquals(o.model().parameters(), copy.parameters(), 0.0);
        assertEquals(java.util.Map.of("parameters.bin", java.util.zip.ZipEntry.STORED,
                "spec.json", java.util.zip.ZipEntry.STORED, "preprocessing.json", java.util.zip.ZipEntry.STORED),
                entryMethods(zip), "every entry is stored, not deflated");
        assertEquals(o.model().parameterCount(), copy.parameterCount());
        assertEquals(3 * 8 + 8 + 8 * 2 + 2, copy.parameterCount());
        assertEquals(spec, copy.spec());

        List<Prediction> p = copy.predict(TestData.rows(data, 0, 1, 2, 3));
        assertEquals(o.model().predict(TestData.rows(data, 0, 1, 2, 3)), p);
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, p.get(i).probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
            correct += p.get(i).label().equals(data.classes().get((int) data.labels()[i])) ? 1 : 0;
        }
        assertTrue(correct >= 3, "the colour decides the class; got " + correct + "/4");

        Map<String, Object> missing = new HashMap<>(TestData.rows(data, 0).get(0));
        missing.remove("x");
        missing.put("z", 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copy.predict(List.of(missing)));
        assertTrue(e.getMessage().contains("missing columns [x]") && e.getMessage().contains("unknown columns [z]"), e.getMessage());
        Map<String, Object> purple = new HashMap<>(TestData.rows(data, 0).get(0));
        purple.put("colour", "purple");
        e = assertThrows(IllegalArgumentException.class, () -> copy.predict(List.of(purple)));
        assertTrue(e.getMessage().contains("purple"));
    }

    @Test
    void lossFunctionGradientMatchesFiniteDifferences() {
        DatasetTable data = linearData(30, 0.3f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("sigmoid-sum", null, 3), TestData.adam(0.05), 10, 5, 3);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(30), new int[0]), null);
        int[] rows = TestData.range(30);
        LossFunction f = LossFunction.of(o.model(), data, rows);
        double[] theta = o.model().parameters();
        assertEquals(2 * 3 + 3 + 3 + 1, f.dimension());
        assertEquals(o.trainLoss(), f.loss(theta), 1e-4 * o.trainLoss());
        double[] g = f.gradient(theta);
        double h = 1e-2;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (f.loss(plus) - f.loss(minus)) / (2 * h);
            assertEquals(numeric, g[i], 2e-2 * Math.max(1, Math.abs(numeric)), "parameter " + i);
        }
    }

    @Test
    void regressionReportsOriginalUnitsAndRejectsCrossEntropy() {
        DatasetTable data = linearData(50, 0f);
        TrainingSpec spec = TestData.spec(data, new ModelSpec("linear", null, null), TestData.adam(0.1), 10, 60, 1);
        TrainingOutcome o = new Trainer().train(TrainingRun.of(spec, data, TestData.range(50), new int[0]), null);
        double value = o.model().predict(TestData.rows(data, 7)).get(0).value();
        assertEquals(data.labels()[7], value, 0.05 * Math.abs(data.labels()[7]) + 0.5);
        TrainingSpec ce = new TrainingSpec(null, data.id(), null, "cross-entropy", null, null, null, null, 1L, null, null,
                null, null).withDefaults(Task.REGRESSION, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer().train(TrainingRun.of(ce, data, TestData.range(50), new int[0]), null));
    }

    /** y = 100 + 20·x₁ − 10·x₂ (+ Gaussian noise of std {@code noise}), x ~ U(−2, 2). Raw scale on purpose. */
    static DatasetTable linearData(int n, float noise) {
        SplittableRandom r = new SplittableRandom(99);
        float[] x1 = new float[n];
        float[] x2 = new float[n];
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x1[i] = (float) r.nextDouble(-2, 2);
            x2[i] = (float) r.nextDouble(-2, 2);
            y.add(Float.toString((float) (100 + 20 * x1[i] - 10 * x2[i] + noise * r.nextGaussian())));
        }
        return TestData.table("linear", Task.REGRESSION, "y",
                List.of(TestData.numeric("x1", x1), TestData.numeric("x2", x2)), y);
    }

    /** Two classes decided by a categorical colour; a numeric column of noise. */
    private static DatasetTable colourData() {
        SplittableRandom r = new SplittableRandom(5);
        List<String> colours = new ArrayList<>();
        List<String> xs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String colour = i % 2 == 0 ? "red" : "blue";
            colours.add(colour);
            xs.add(Double.toString(r.nextGaussian()));
            labels.add(colour.equals("red") ? "warm" : "cold");
        }
        return TestData.table("colours", Task.CLASSIFICATION, "label",
                List.of(TestData.column("colour", colours), TestData.column("x", xs)), labels);
    }

    /** Each entry's compression method, as its local header gives it. */
    private static java.util.Map<String, Integer> entryMethods(byte[] zip) {
        java.util.Map<String, Integer> methods = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                methods.put(e.getName(), e.getMethod());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return methods;
    }
}
