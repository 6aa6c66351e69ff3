package io.descent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descent.training.EpochStats;
import io.descent.training.NativeEngine;
import ai.djl.pytorch.jni.JniUtils;
import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.dataset.Task;
import io.descent.training.Trainer;
import io.descent.training.TrainingOutcome;
import io.descent.training.TrainingRun;
import io.descent.training.TrainingSpec;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;

/**
 * Descent's side of bench/run.sh: trains with the service's own {@link Trainer} on a CSV that bench/torch_train.py
 * reads too, and prints one RESULT line. Only the training loop is timed (the sum of the epochs' own seconds), after
 * a warm-up run of at least {@code warmup steps} steps (whole epochs) of the same training, so JVM start, CSV
 * reading, native library loading and the JIT's first compilations are excluded: the service's JVM is long-lived,
 * and DJL's Java layer runs interpreted for its first few thousand calls. PyTorch's side warms up as many steps.
 *
 * <p>Usage: {@code TrainBench <csv> <classification|regression> <hidden units, e.g. 128,64> <batch> <epochs>
 * [warmup steps, default one epoch] [--serve] [--profile trace.json]}; the intra-op threads come from
 * -Dai.djl.pytorch.num_threads, as in the service. With {@code --serve}, the baseline of the service path, the JVM
 * stays up after the warm-up and, for each line read from stdin (its epochs, or empty for the command line's), times
 * one whole train() call (preprocessing, upload, final evaluation included) and prints one WHOLE line, so that
 * bench/run.sh can interleave these with the service's jobs, both JVMs long-lived. With {@code --profile} the timed
 * run is recorded by PyTorch's profiler into a Chrome trace (bench/profile.sh reads it). With
 * {@code -Dbench.spring=true}, {@code --serve} first starts the service's application context in this JVM and leaves
 * it idle, so that the trainer runs beside the service's classes and threads but no job (bench/RESULTS.md, case d).
 */
public final class TrainBench {

    /** cpuSeconds: the training thread's CPU time, steadier than wall time on a shared machine (one intra-op thread). */
    public record Result(double samplesPerSecond, double loopSeconds, double wallSeconds, double cpuSeconds, double lastLoss,
            long warmupSteps) {
    }

    public static void main(String[] args) throws IOException {
        List<String> all = List.of(args);
        int at = all.indexOf("--profile");
        Path profile = at >= 0 ? Path.of(args[at + 1]) : null;
        int warmup = args.length > 5 && !args[5].startsWith("--") ? Integer.parseInt(args[5]) : 0;
        DatasetTable table = load(Path.of(args[0]), "classification".equals(args[1]) ? Task.CLASSIFICATION : Task.REGRESSION);
        int[] units = java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int batch = Integer.parseInt(args[3]);
        int epochs = Integer.parseInt(args[4]);
        if (all.contains("--serve")) {
            boolean spring = Boolean.getBoolean("bench.spring");
            if (spring) {
                // The service's application context in this JVM, idle: its classes, its startup's profiles and its
                // background threads, without jobs (bench/trainer-ab.sh, B_OPTS=-Dbench.spring=true).
                org.springframework.boot.SpringApplication.run(io.descent.DescentApplication.class, "--server.port=0",
                        "--descent.data-dir=" + Files.createTempDirectory("trainbench"), "--descent.examples.enabled=false",
                        "--logging.level.root=WARN", "--spring.main.banner-mode=off");
            }
            serve(table, units, batch, epochs, warmup);
            if (spring) {
                System.exit(0); // the context's web server would keep the JVM up after stdin ends
            }
            return;
        }
        Result r = run(table, units, batch, epochs, warmup, profile);
        System.out.printf("RESULT side=descent threads=%d blas_threads=%d samples_per_s=%.1f loop_s=%.4f wall_s=%.4f cpu_s=%.4f last_loss=%.6f warmup_steps=%d mkl=%s device=%s updates=%s%n",
                JniUtils.getNumThreads(), Integer.getInteger("descent.training.blas-threads", JniUtils.getNumThreads()), r.samplesPerSecond(), r.loopSeconds(), r.wallSeconds(), r.cpuSeconds(), r.lastLoss(),
                r.warmupSteps(), NativeEngine.mklPath(), Trainer.device(),
                Trainer.updatesOnDevice(Trainer.device()) ? "device" : "host");
        if (profile != null) {
            long steps = (long) epochs * ((table.rows() + batch - 1) / batch);
            System.out.printf("PROFILE trace=%s steps=%d%n", profile, steps);
        }
    }

    /** The --serve loop: READY once warm, then one WHOLE line per line of input, until stdin ends. */
    static void serve(DatasetTable table, int[] units, int batch, int epochs, int warmupSteps) throws IOException {
        run(table, units, batch, epochs, warmupSteps, null);
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            int e = line.isBlank() ? epochs : Integer.parseInt(line.strip());
            long start = System.nanoTime();
            long[] faults = new long[1];
            TrainingOutcome o = FRESH_THREAD ? onFreshThread(() -> timedWhole(table, units, batch, e, faults))
                    : JOB_THREAD ? JobPath.train(() -> timedWhole(table, units, batch, e, faults))
                    : timedWhole(table, units, batch, e, faults);
            double wall = (System.nanoTime() - start) / 1e9;
            // epochs_s: the epochs' own seconds, as the service logs them; first_epoch_s: the first one's.
            System.out.printf("WHOLE epochs=%d wall_s=%.4f minflt=%d epochs_s=%.4f first_epoch_s=%.4f each_epoch_s=%s%n", e, wall, faults[0],
                    o.epochs().stream().mapToDouble(EpochStats::seconds).sum(), o.epochs().get(0).seconds(),
                    o.epochs().stream().map(s -> String.format(java.util.Locale.ROOT, "%.5f", s.seconds()))
                            .collect(java.util.stream.Collectors.joining(",")));
            System.out.flush();
        }
    }

    /**
     * -Dbench.fresh-thread=true: each --serve train() runs on a thread started for it, as the service's jobs did
     * (JobRunner), instead of on the one thread that warmed up; bench/trainer-ab.sh sets the two side by side.
     */
    static final boolean FRESH_THREAD = Boolean.getBoolean("bench.fresh-thread");

    static TrainingOutcome timedWhole(DatasetTable table, int[] units, int batch, int epochs, long[] faults) {
        long before = minorFaults();
        TrainingOutcome o = whole(table, units, batch, epochs);
        faults[0] = minorFaults() - before;
        return o;
    }

    static TrainingOutcome onFreshThread(java.util.function.Supplier<TrainingOutcome> training) {
        TrainingOutcome[] out = new TrainingOutcome[1];
        Thread t = new Thread(() -> out[0] = training.get(), "training");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out[0];
    }

    /** This thread's minor page faults so far (Linux; -1 elsewhere), as the service logs its training thread's. */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    /** One whole train() call: what a job's run does between the service's setup and its finishing. */
    static TrainingOutcome whole(DatasetTable table, int[] units, int batch, int epochs) {
        int[] rows = java.util.stream.IntStream.range(0, table.rows()).toArray();
        if (JOB_PATH) {
            return JobPath.whole(spec(table, units, batch, epochs), table, rows);
        }
        return new Trainer().train(TrainingRun.of(spec(table, units, batch, epochs), table, rows, new int[0]), null);
    }

    /**
     * -Dbench.job-path=true: each --serve train() as a job's run trains in the service, without the service: on one
     * kept thread of its own while the caller waits, checking a cancellation set before every step, and handing each
     * epoch to a writer thread that takes what has piled up every 100 ms (as JobRunner, TrainingThread and
     * EpochWriter do, minus the database). -Dbench.job-path=thread: only the kept thread.
     */
    static final boolean JOB_PATH = Boolean.getBoolean("bench.job-path");
    /** Whether each run trains on the kept thread: with the whole job path, or alone (=thread). */
    static final boolean JOB_THREAD = JOB_PATH || "thread".equals(System.getProperty("bench.job-path"));

    static final class JobPath {
        private static final java.util.concurrent.ExecutorService TRAINING =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> daemon(r, "training"));
        private static final java.util.concurrent.ScheduledExecutorService WRITER =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "epoch-writer"));
        private static final java.util.Set<UUID> CANCELLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        static TrainingOutcome train(java.util.function.Supplier<TrainingOutcome> training) {
            return java.util.concurrent.CompletableFuture.supplyAsync(training, TRAINING).join();
        }

        static TrainingOutcome whole(TrainingSpec spec, DatasetTable table, int[] rows) {
            UUID job = UUID.randomUUID();
            List<EpochStats> pending = new ArrayList<>();
            io.descent.training.EpochListener listener = (stats, checkpoint) -> {
                synchronized (pending) {
                    pending.add(stats);
                    if (pending.size() == 1) {
                        WRITER.schedule(() -> {
                            synchronized (pending) {
                                List.copyOf(pending); // the batch EpochWriter would store
                                pending.clear();
                            }
                        }, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
            };
            return new Trainer().train(new TrainingRun(spec, table, rows, new int[0], null, null, null,
                    () -> CANCELLED.contains(job)), listener);
        }
    }

    public static Result run(DatasetTable table, int[] units, int batch, int epochs, int warmupSteps) {
        return run(table, units, batch, epochs, warmupSteps, null);
    }

    static Result run(DatasetTable table, int[] units, int batch, int epochs, int warmupSteps, Path profile) {
        NativeEngine.get();
        int n = table.rows();
        long stepsPerEpoch = (n + Math.min(batch, n) - 1) / Math.min(batch, n);
        int warmupEpochs = (int) Math.max(1, (warmupSteps + stepsPerEpoch - 1) / stepsPerEpoch);
        whole(table, units, batch, warmupEpochs);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        if (profile != null) {
            JniUtils.startProfile(false, false, false);
        }
        long start = System.nanoTime();
        TrainingOutcome o = whole(table, units, batch, epochs);
        double wall = (System.nanoTime() - start) / 1e9;
        if (profile != null) {
            JniUtils.stopProfile(profile.toString());
        }
        return new Result((double) epochs * n / o.trainingSeconds(), o.trainingSeconds(), wall,
                (mx.getCurrentThreadCpuTime() - cpu) / 1e9, o.epochs().get(o.epochs().size() - 1).trainLoss(),
                warmupEpochs * stepsPerEpoch);
    }

    public static TrainingSpec spec(DatasetTable table, int[] units, int batch, int epochs) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int u : units) {
            layers.add(new LayerSpec(u, "relu", 0.0));
        }
        return new TrainingSpec("bench", table.id(), new ModelSpec("mlp", layers, null), null,
                new OptimizerSpec("adam", 0.001, null, null, null, null, null, null), null, batch, epochs, 1L, null,
                null, null, null).withDefaults(table.task(), 1L);
    }

    /** All-numeric CSV with a header, the last column the label. */
    public static DatasetTable load(Path csv, Task task) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String[] header = in.readLine().split(",");
            int width = header.length - 1;
            List<float[]> cols = new ArrayList<>();
            List<Float> labels = new ArrayList<>();
            List<float[]> rowsRead = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",");
                float[] row = new float[width];
                for (int j = 0; j < width; j++) {
                    row[j] = Float.parseFloat(f[j]);
                }
                rowsRead.add(row);
                labels.add(Float.parseFloat(f[width]));
            }
            int n = rowsRead.size();
            for (int j = 0; j < width; j++) {
                float[] c = new float[n];
                for (int i = 0; i < n; i++) {
                    c[i] = rowsRead.get(i)[j];
                }
                cols.add(c);
            }
            List<Column> features = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                features.add(new Column(header[j], ColumnType.NUMERIC, List.of(), cols.get(j)));
            }
            float[] y = new float[n];
            List<String> classes = null;
            if (task == Task.CLASSIFICATION) {
                // Class labels are integers 0..k-1; sorted by value they index themselves, as pandas/torch see them.
                Map<Integer, Integer> seen = new HashMap<>();
                for (Float l : labels) {
                    seen.putIfAbsent(l.intValue(), 0);
                }
                classes = seen.keySet().stream().sorted().map(String::valueOf).toList();
                for (int i = 0; i < n; i++) {
                    y[i] = classes.indexOf(String.valueOf(labels.get(i).intValue()));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    y[i] = labels.get(i);
                }
            }
            return new DatasetTable(UUID.nameUUIDFromBytes(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    csv.getFileName().toString(), task, header[width], classes, features, y);
        }
    }
}
