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
    static final String BLAS_PROPERTY = "descent.training.blas-threads";
    private static final String BLAS_LIBRARY = "libdescent_blas-linux-x86_64.so";
    private static final Logger log = LoggerFactory.getLogger(NativeEngine.class);

    private static volatile Engine engine;
    private static volatile MklPath mklPath;
    private static volatile Boolean blasLoaded;
    private static volatile boolean blasWarned;

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
        if (!linuxX64() || !"AuthenticAMD".equals(cpuInfo("vendor_id"))) {
            return MklPath.NOT_NEEDED;
        }
        try {
            load(LIBRARY);
            log.info("MKL: AMD CPU, Intel code path enabled so that MKL picks kernels by CPU features ({}=false turns this off)",
                    PROPERTY);
            return MklPath.INTEL_PATH;
        } catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
            log.warn("MKL: left as shipped, {} could not be loaded: {}", LIBRARY, ex.toString());
            return MklPath.FAILED;
        }
    }

    /**
     * Gives oneMKL's matrix products on the calling thread the threads that {@code -Ddescent.training.blas-threads}
     * asks for, apart from PyTorch's intra-op threads; the training thread calls it before it trains. Does nothing
     * when the property is unset or 0 (MKL then uses PyTorch's intra-op thread count). True when it took.
     */
    public static boolean applyBlasThreads() {
        int threads = Integer.getInteger(BLAS_PROPERTY, 0);
        if (threads <= 0) {
            return false;
        }
        get();
        if (!blasLibrary()) {
            return false;
        }
        int result = setMklThreadsLocal(threads);
        if (result != 0 && !blasWarned) {
            blasWarned = true;
            log.warn("MKL: {}={} not applied ({})", BLAS_PROPERTY, threads,
                    result == -1 ? "libtorch_cpu.so is not loaded" : "this libtorch has no MKL thread setting");
        }
        return result == 0;
    }

    private static boolean blasLibrary() {
        Boolean loaded = blasLoaded;
        if (loaded == null) {
            synchronized (NativeEngine.class) {
                if (blasLoaded == null) {
                    try {
                        if (!linuxX64()) {
                            throw new IOException("only built for linux-x86_64");
                        }
                        load(BLAS_LIBRARY);
                        log.info("MKL: {}={} for matrix products on training threads", BLAS_PROPERTY,
                                Integer.getInteger(BLAS_PROPERTY, 0));
                        blasLoaded = true;
                    } catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
                        log.warn("MKL: {} ignored, {} could not be loaded: {}", BLAS_PROPERTY, BLAS_LIBRARY, ex.toString());
                        blasLoaded = false;
                    }
                }
                loaded = blasLoaded;
            }
        }
        return loaded;
    }

    private static native int setMklThreadsLocal(int threads);

    private static boolean linuxX64() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64");
    }

    private static void load(String library) throws IOException {
        try (InputStream in = NativeEngine.class.getResourceAsStream(library)) {
            if (in == null) {
                throw new IOException(library + " is missing from the classpath");
            }
            Path file = Files.createTempFile("descent-native", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toString());
            } finally {
                // Once loaded the mapping outlives the file, so nothing is left behind in the temp directory.
                Files.deleteIfExists(file);
            }
        }
    }

    /** The first CPU's value of a /proc/cpuinfo field ("vendor_id", "flags"); empty where there is none. */
    static String cpuInfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(field) && line.substring(field.length()).trim().startsWith(":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ex) {
            log.debug("no /proc/cpuinfo: {}", ex.toString());
        }
        return "";
    }
}
