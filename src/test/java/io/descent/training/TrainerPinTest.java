package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.Task;
import io.descent.training.NativeEngine.MklPath;
import io.descent.training.TrainingSpec.EarlyStoppingSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Pins the per-epoch figures of six runs, so that any speed-up that changes a single bit of the arithmetic fails
 * here. Regenerate only for an intended, explained change of results.
 *
 * <p>Two sets, by the matrix-product kernels oneMKL picks: its AVX-512 kernels (the {@code *_MKL} names), which it
 * takes on an Intel CPU with AVX-512 and on an AMD one with AVX-512 through {@link MklPath#INTEL_PATH}, and the
 * others (the plain names: AVX2 CPUs, and AMD CPUs with MKL as shipped), which sum in another order. Their losses
 * differ by at most 4e-7 relative. Each JVM checks its own set, and a child JVM with MKL as shipped checks the other
 * whenever this one runs on the Intel path.
 *
 * <p>The shipped set was first recorded from commit 4315943, before the performance work. Intended changes since:
 * <ul>
 * <li>SGD, MOMENTUM and ADAM_CE are still exactly those figures (gradient norms to 1e-6: see assertPinned).</li>
 * <li>The optimizers became Java loops ({@link Optimizer}). Their square roots are correctly rounded, where
 * PyTorch's went through MKL's vector maths library and were an ulp off now and then: that moved ADAGRAD, RMSPROP
 * and ADAM_MAE by at most 6e-7 relative. OptimizerTest holds every optimizer to the course formula in float64.</li>
 * <li>In between, Adam ran as DJL's native kernel, which had moved two figures of ADAM_CE by one ulp; the Java
 * Adam brought them back.</li>
 * </ul>
 */
class TrainerPinTest {

    static DatasetTable classification() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 300;
        List<Column> features = new ArrayList<>();
        for (int j = 0; j < 12; j++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextDouble() * 10 - 5);
            }
            features.add(TestData.numeric("f" + j, v));
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float s = features.get(0).values()[i] + features.get(1).values()[i] * 0.5f;
            labels.add(s > 1 ? "a" : s < -1 ? "b" : "c");
        }
        return TestData.table("pin-classes", Task.CLASSIFICATION, "label", features, labels);
    }

    static DatasetTable regression() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 250;
        List<Column> features = new ArrayList<>();
        for (int j = 0; j < 6; j++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextDouble();
            }
            features.add(TestData.numeric("x" + j, v));
        }
        List<String> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            y.add(Float.toString(3 * features.get(0).values()[i] - features.get(2).values()[i] + (float) r.nextGaussian() * 0.1f));
        }
        return TestData.table("pin-regression", Task.REGRESSION, "y", features, y);
    }

    private static TrainingSpec spec(DatasetTable t, OptimizerSpec optimizer, String loss, EarlyStoppingSpec early) {
        return new TrainingSpec("pin", t.id(), TestData.mlp(16, 8), loss, optimizer, null, 32, 4, 3L, null, early,
                null, null).withDefaults(t.task(), 3);
    }

    private static List<EpochStats> run(DatasetTable t, TrainingSpec spec, int validation) {
        int n = t.labels().length;
        int[] train = new int[n - validation];
        int[] val = new int[validation];
        for (int i = 0; i < n; i++) {
            if (i < n - validation) {
                train[i] = i;
            } else {
                val[i - (n - validation)] = i;
            }
        }
        return new Trainer().train(TrainingRun.of(spec, t, train, val), null).epochs();
    }

    private static void assertPinned(String name, List<EpochStats> got, double[][] expected) {
        assertEquals(expected.length, got.size(), name);
        for (int i = 0; i < expected.length; i++) {
            EpochStats s = got.get(i);
            double[] e = expected[i];
            assertEquals(e[0], s.trainLoss(), 0.0, name + ": train loss, epoch " + (i + 1));
            // The gradient norm is now one norm of the buffer-shaped gradient instead of a sum of per-parameter sums
            // of squares: another summation order, so its last bits may differ; the losses must not.
            assertEquals(e[1], s.gradientNorm(), Math.abs(e[1]) * 1e-6, name + ": gradient norm, epoch " + (i + 1));
            if (e.length > 2) {
                assertEquals(e[2], s.validationLoss(), 0.0, name + ": validation loss, epoch " + (i + 1));
            }
            if (e.length > 3) {
                assertEquals(e[3], s.trainAccuracy(), 0.0, name + ": train accuracy, epoch " + (i + 1));
            }
        }
    }

    /** Every pinned run, by the name of its pins. */
    static Map<String, List<EpochStats>> runAll() {
        Map<String, List<EpochStats>> runs = new LinkedHashMap<>();
        DatasetTable c = classification();
        runs.put("ADAM_CE", run(c, spec(c, TestData.adam(0.01), "cross-entropy", null), 60));
        DatasetTable r = regression();
        for (String type : List.of("sgd", "momentum", "adagrad", "rmsprop")) {
            OptimizerSpec o = new OptimizerSpec(type, 0.01, null, null, null, null, null, 0.001);
            runs.put(type.toUpperCase(Locale.ROOT), run(r, spec(r, o, "mse", null), 50));
        }
        runs.put("ADAM_MAE", run(r, spec(r, TestData.adam(0.005), "mae", null), 0));
        return runs;
    }

    /**
     * Whether MKL multiplies with its AVX-512 kernels here: it takes them where the CPU has AVX-512 and MKL's vendor
     * check answers Intel (an Intel CPU, or an AMD one on the Intel path).
     */
    static boolean avx512Kernels(MklPath path) {
        boolean intel = "GenuineIntel".equals(NativeEngine.cpuInfo("vendor_id")) || path == MklPath.INTEL_PATH;
        return intel && List.of(NativeEngine.cpuInfo("flags").split(" ")).contains("avx512f");
    }

    static Map<String, double[][]> pins(MklPath path) {
        return avx512Kernels(path)
                ? Map.of("ADAM_CE", ADAM_CE_MKL, "SGD", SGD_MKL, "MOMENTUM", MOMENTUM_MKL, "ADAGRAD", ADAGRAD_MKL,
                        "RMSPROP", RMSPROP_MKL, "ADAM_MAE", ADAM_MAE_MKL)
                : Map.of("ADAM_CE", ADAM_CE, "SGD", SGD, "MOMENTUM", MOMENTUM, "ADAGRAD", ADAGRAD, "RMSPROP", RMSPROP,
                        "ADAM_MAE", ADAM_MAE);
    }

    static void assertAllPinned(MklPath path) {
        Map<String, double[][]> expected = pins(path);
        String kernels = avx512Kernels(path) ? "AVX-512 kernels" : "other kernels";
        runAll().forEach((name, got) -> assertPinned(name + " (" + path + ", " + kernels + ")", got, expected.get(name)));
    }

    @Test
    void everyOptimizerAndLossGivesItsPinnedFigures() {
        assertAllPinned(NativeEngine.mklPath());
    }

    /**
     * With MKL as shipped, the figures are still those from before the performance work: the trainer's own arithmetic
     * is unchanged, and the other pins differ only by the matrix-product kernels MKL picks. A fresh JVM, because the
     * choice is made once, when PyTorch loads.
     */
    @Test
    void withMklAsShippedTheFiguresAreThoseFromBeforeThePerformanceWork() throws Exception {
        assumeTrue(NativeEngine.mklPath() == MklPath.INTEL_PATH, "MKL already runs as shipped in this JVM");
        ChildJvm.Result r = ChildJvm.run(TrainerPinTest.class, Map.of(), "-D" + NativeEngine.PROPERTY + "=false");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("pinned figures match for DISABLED"), r.output());
    }

    /** Entry point of the child JVM above. */
    public static void main(String[] args) {
        try {
            assertAllPinned(NativeEngine.mklPath());
            System.out.println("pinned figures match for " + NativeEngine.mklPath());
        } catch (AssertionError e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    static final double[][] ADAM_CE = {
        {1.2727084159851074, 1.2414990663528442, 0.9938469529151917, 0.37916666666666665},
        {0.9474560022354126, 0.6431671977043152, 0.8130702972412109, 0.575},
        {0.7926172614097595, 0.6377850770950317, 0.6748107075691223, 0.6958333333333333},
        {0.6441192626953125, 0.5978865623474121, 0.5668694972991943, 0.7833333333333333}
    };
    static final double[][] SGD = {
        {1.5893934896057598, 4.7864251136779785, 1.7487077104014468},
        {1.1040555252156903, 2.8091111183166504, 1.3143498650851733},
        {0.8845739999945796, 2.6408791542053223, 1.0972686424504072},
        {0.7453700283239406, 2.1527247428894043, 0.9366110349037937}
    };
    static final double[][] MOMENTUM = {
        {1.3890865883443786, 4.21458625793457, 0.8260971757114873},
        {0.4972582358891638, 1.4596023559570312, 0.5256952975348536},
        {0.3228584365667344, 1.810558557510376, 0.17301314019334604},
        {0.21057594178523062, 1.6942213773727417, 0.27540182746074154}
    };
    static final double[][] ADAGRAD = {
        {1.50415837993256, 4.636372089385986, 1.6971482489335674},
        {1.0489854463427553, 3.2080628871917725, 1.3006010898730611},
        {0.8247550690731738, 3.11649489402771, 1.033425494656211},
        {0.6629466402873031, 2.542132616043091, 0.8285734621250864}
    };
    static final double[][] RMSPROP = {
        {0.9624740643942058, 3.557932138442993, 0.4194021525014622},
        {0.26953658005864706, 2.221572160720825, 0.3005910376743863},
        {0.16082362215113663, 1.3283720016479492, 0.09994611810566162},
        {0.09731850409386049, 0.8723264336585999, 0.07669852441285996}
    };
    static final double[][] ADAM_MAE = {
        {1.073586054397249, 1.4065625667572021},
        {0.8046102802336351, 1.178087830543518},
        {0.5874951678487816, 1.2723090648651123},
        {0.40256860368263964, 1.087393045425415}
    };
    // Recorded with MklPath.INTEL_PATH on an AMD EPYC with AVX-512 (this project's CI machine kind).
    static final double[][] ADAM_CE_MKL = {
        {1.2727084159851074, 1.2414990663528442, 0.9938469529151917, 0.37916666666666665},
        {0.9474560022354126, 0.6431671380996704, 0.8130702972412109, 0.575},
        {0.7926172614097595, 0.6377850770950317, 0.6748107671737671, 0.6958333333333333},
        {0.6441193222999573, 0.5978865623474121, 0.5668694972991943, 0.7833333333333333}
    };
    static final double[][] SGD_MKL = {
        {1.5893934896057598, 4.786425590515137, 1.7487075275282162},
        {1.1040555252156903, 2.8091111183166504, 1.3143498650851733},
        {0.8845739999945796, 2.6408791542053223, 1.0972686424504072},
        {0.7453700283239406, 2.1527247428894043, 0.9366110349037937}
    };
    static final double[][] MOMENTUM_MKL = {
        {1.389086405471148, 4.21458625793457, 0.8260971757114873},
        {0.4972582358891638, 1.4596021175384521, 0.5256953432531611},
        {0.3228584365667344, 1.8105589151382446, 0.17301312876376915},
        {0.21057598750353823, 1.6942216157913208, 0.2754017588832801}
    };
    static final double[][] ADAGRAD_MKL = {
        {1.50415837993256, 4.636372089385986, 1.6971482489335674},
        {1.0489855377793704, 3.2080628871917725, 1.3006011813096763},
        {0.8247549776365585, 3.11649489402771, 1.033425494656211},
        {0.6629465945689954, 2.542132616043091, 0.8285734621250864}
    };
    static final double[][] RMSPROP_MKL = {
        {0.9624740643942058, 3.557932138442993, 0.4194021067831546},
        {0.2695365343403394, 2.221571683883667, 0.30059106053354007},
        {0.16082363358071353, 1.3283720016479492, 0.09994611810566162},
        {0.09731850409386049, 0.872326672077179, 0.07669855298680221}
    };
    static final double[][] ADAM_MAE_MKL = {
        {1.0735858430557743, 1.406562328338623},
        {0.8046102802336351, 1.178087830543518},
        {0.5874951678487816, 1.2723088264465332},
        {0.40256860368263964, 1.087393045425415}
    };
}
