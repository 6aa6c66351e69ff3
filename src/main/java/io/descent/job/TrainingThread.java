package io.descent.job;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The one long-lived thread that runs trainings and nothing else, while the scheduler's thread waits. On
 * db-scheduler's pool thread, which also runs the service's other work, the same epochs ran 2.4–3.2 % slower than
 * the trainer's alone, and 1.0–1.8 % on a thread started for each run (bench/RESULTS.md, case d); in the trainer
 * itself, a thread started per run against one kept, both training only, cost +1.2 % (bench/trainer-ab.sh). A
 * profile spread the difference over malloc, thread-locals (DJL's NDScope, reached at every step) and the matrix
 * kernels, which a thread that only trains keeps warm from one run to the next. One thread suffices: one training
 * per process (Autograd.LOCK).
 */
final class TrainingThread implements AutoCloseable {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training");
        t.setDaemon(true);
        return t;
    });

    /** What a training returned, and what its thread used meanwhile. */
    record Ran<T>(T result, Use use) {
    }

    /**
     * Runs the training on the training thread and waits for it, through interrupts, as the scheduler's thread did
     * when it trained itself: a training stops on cancellation. What the training throws, this throws.
     */
    <T> Ran<T> run(Supplier<T> training) {
        CompletableFuture<Ran<T>> ran = CompletableFuture.supplyAsync(() -> {
            Use before = Use.ofCurrentThread();
            T result = training.get();
            return new Ran<>(result, Use.ofCurrentThread().since(before));
        }, thread);
        try {
            return ran.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }

    /**
     * A thread's CPU time and, where Linux tells, its time runnable but waiting for a core, its preemptions and its
     * minor page faults (memory the training touched for the first time); -1 where it does not.
     */
    record Use(long cpuNanos, long waitNanos, long preempted, long minorFaults) {

        static Use ofCurrentThread() {
            long wait = -1;
            long preempted = -1;
            long faults = -1;
            try {
                wait = Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ")[1]);
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                // minflt is the 10th field; the 2nd, the thread's name, is in parentheses and may hold spaces.
                faults = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
                for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                    if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        preempted = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                // The figures stay -1.
            }
            return new Use(CPU.getCurrentThreadCpuTime(), wait, preempted, faults);
        }

        /** What the thread used since {@code before}: the training thread outlives each run. */
        Use since(Use before) {
            return new Use(cpuNanos - before.cpuNanos, minus(waitNanos, before.waitNanos),
                    minus(preempted, before.preempted), minus(minorFaults, before.minorFaults));
        }

        private static long minus(long now, long then) {
            return now < 0 || then < 0 ? -1 : now - then;
        }
    }
}
