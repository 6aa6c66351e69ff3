package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.training.NativeEngine.MklPath;

/**
 * Whether MKL really takes the vendor answer of libdescent_mkl.so. MKL honours MKL_CBWR (its fixed code-path mode)
 * only on CPUs it believes are Intel's, and MKL_VERBOSE prints the mode each product ran in: "CNR:AVX2" when the
 * answer took, "CNR:AUTO" when it did not. Timing is left to bench/gemm.sh.
 */
class NativeEngineTest {

    private static boolean amdLinux() throws Exception {
        return System.getProperty("os.name").startsWith("Linux") && Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD");
    }

    @Test
    void onAnAmdCpuMklIsToldItRunsOnIntel() throws Exception {
        assumeTrue(amdLinux(), "only AMD CPUs need the library");
        assertEquals(MklPath.INTEL_PATH, NativeEngine.mklPath());
        ChildJvm.Result r = ChildJvm.run(OneProduct.class, Map.of("MKL_CBWR", "AVX2", "MKL_VERBOSE", "1"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("CNR:AVX2"), r.output());
    }

    @Test
    void turnedOffMklKeepsItsOwnVendorCheck() throws Exception {
        assumeTrue(amdLinux(), "only AMD CPUs need the library");
        ChildJvm.Result r = ChildJvm.run(OneProduct.class, Map.of("MKL_CBWR", "AVX2", "MKL_VERBOSE", "1"),
                "-D" + NativeEngine.PROPERTY + "=false");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("mklPath=DISABLED"), r.output());
        assertTrue(r.output().contains("CNR:AUTO"), r.output());
    }

    @Test
    void blasThreadsGiveTheTrainingThreadsProductsTheirOwnThreadCount() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").matches("amd64|x86_64"),
                "the library is built for linux-x86_64");
        // PyTorch itself at 1 intra-op thread; MKL_VERBOSE prints each product's thread count as "NThr:n".
        ChildJvm.Result two = ChildJvm.run(OneProduct.class, Map.of("MKL_VERBOSE", "1"),
                "-Dai.djl.pytorch.num_threads=1", "-D" + NativeEngine.BLAS_PROPERTY + "=2");
        assertEquals(0, two.exitCode(), two.output());
        assertTrue(two.output().contains("blasThreads=true"), two.output());
        assertTrue(two.output().contains("repeatable=true"), two.output());
        assertTrue(two.output().contains("NThr:2") && !two.output().contains("NThr:1"), two.output());
        ChildJvm.Result unset = ChildJvm.run(OneProduct.class, Map.of("MKL_VERBOSE", "1"), "-Dai.djl.pytorch.num_threads=1");
        assertEquals(0, unset.exitCode(), unset.output());
        assertTrue(unset.output().contains("blasThreads=false"), unset.output());
        assertTrue(unset.output().contains("NThr:1") && !unset.output().contains("NThr:2"), unset.output());
    }

    /** One matrix product large enough for MKL's SGEMM, in the child JVM, after the training thread's BLAS setting. */
    static final class OneProduct {
        public static void main(String[] args) {
            System.out.println("blasThreads=" + NativeEngine.applyBlasThreads());
            try (NDManager manager = NativeEngine.get().newBaseManager()) {
                // A product the size of case (c)'s widest layer, twice: bit-identical reruns need it to repeat.
                NDArray x = manager.randomNormal(new Shape(256, 512));
                NDArray y = manager.randomNormal(new Shape(512, 512));
                System.out.println("repeatable=" + java.util.Arrays.equals(x.matMul(y).toFloatArray(), x.matMul(y).toFloatArray()));
                NDArray a = manager.ones(new Shape(64, 64));
                float sum = a.matMul(a).sum().getFloat();
                System.out.println("mklPath=" + NativeEngine.mklPath() + " sum=" + sum);
                System.exit(sum == 64f * 64 * 64 ? 0 : 1);
            }
        }
    }
}
