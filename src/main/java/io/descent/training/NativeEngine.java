package io.descent.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.engine.Engine;

/**
 * The PyTorch engine, for everything in the service that computes with it: the only way in, so that one fix to the
 * native library underneath is in place before PyTorch loads.
 *
 * <p>The fix: DJL's libtorch multiplies matrices with oneMKL, which takes its AVX-512 kernels only on Intel CPUs.
 * On an AMD CPU with AVX-512 it multiplies at less than half the speed the CPU allows (bench/gemm.sh measures both),
 * and matrix products are most of the arithmetic of training. {@code libdescent_mkl.so} (source and build script in
 * {@code src/main/c/}) tells MKL the CPU is Intel's; MKL then chooses among its kernels by the CPU's feature flags,
 * as it does on Intel. It is loaded on AMD x86-64 Linux only, and
 * {@code -Ddescent.training.mkl-intel-path=false} leaves MKL as shipped. Which kernels run changes the summation
 * order inside a matrix product, so results differ in the last bits from a run without it, as they already did
 * between Intel and AMD machines.
 */
public final class NativeEngine {

    /** What was done about MKL's vendor check in this JVM. */
    public enum MklPath {
        /** MKL's vendor check answers Intel: it picks kernels by feature flags. */
        INTEL_PATH,
        /** Not an AMD x86-64 Linux machine: MKL is left as shipped (on Intel it already picks by feature flags). */
        NOT_NEEDED,
        /** Turned off by {@code -Ddescent.training.mkl-intel-path=false}. */
        DISABLED,
        /** The library could not be loaded; the log says why. MKL is left as shipped. */
        FAILED
    }

    static final String PROPERTY = "descent.training.mkl-intel-path";
    private static final String LIBRARY = "libdescent_mkl-linux-x86_64.so";
    private static final Logger log = LoggerFactory.getLogger(NativeEngine.class);

    private static volatile Engine engine;
    private static volatile MklPath mklPath;

    private NativeEngine() {
    }

    /** The engine, loading PyTorch on the first call. */
    public static Engine get() {
        Engine e = engine;
        if (e == null) {
            synchronized (NativeEngine.class) {
                if (engine == null) {
                    mklPath = prepareMkl();
                    engine = Engine.getInstance();
                }
                e = engine;
            }
        }
        return e;
    }

    /** What this JVM did about MKL's vendor check; loads the engine if it is not loaded yet. */
    public static MklPath mklPath() {
        get();
        return mklPath;
    }

    private static MklPath prepareMkl() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            log.info("MKL: left as shipped ({}=false)", PROPERTY);
            return MklPath.DISABLED;
        }
        String vendor = cpuVendor();
        boolean linuxX64 = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64");
        if (!linuxX64 || !"AuthenticAMD".equals(vendor)) {
            return MklPath.NOT_NEEDED;
        }
        try (InputStream in = NativeEngine.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IOException(LIBRARY + " is missing from the classpath");
            }
            Path file = Files.createTempFile("descent-mkl", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toString());
            } finally {
                // Once loaded the mapping outlives the file, so nothing is left behind in the temp directory.
                Files.deleteIfExists(file);
            }
            log.info("MKL: AMD CPU, Intel code path enabled so that MKL picks kernels by CPU features ({}=false turns this off)",
                    PROPERTY);
            return MklPath.INTEL_PATH;
        } catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
            log.warn("MKL: left as shipped, {} could not be loaded: {}", LIBRARY, ex.toString());
            return MklPath.FAILED;
        }
    }

    private static String cpuVendor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("vendor_id")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ex) {
            log.debug("no /proc/cpuinfo: {}", ex.toString());
        }
        return "";
    }
}
