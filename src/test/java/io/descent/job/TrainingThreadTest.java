package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingThreadTest {

    @Test
    void everyRunTrainsOnTheSameThreadWhichIsNotTheCallers() {
        try (TrainingThread training = new TrainingThread()) {
            Thread first = training.run(Thread::currentThread).result();
            Thread second = training.run(Thread::currentThread).result();

            assertThat(first).isSameAs(second).isNotSameAs(Thread.currentThread());
            assertThat(first.getName()).isEqualTo("training");
        }
    }

    @Test
    void aRunsUseCountsThatRunOnlyNotTheThreadsLife() {
        try (TrainingThread training = new TrainingThread()) {
            training.run(() -> spin(200_000_000L));
            TrainingThread.Use idle = training.run(() -> 0L).use();
            TrainingThread.Use busy = training.run(() -> spin(50_000_000L)).use();

            // The long first run's CPU time is not carried into the later ones.
            assertThat(idle.cpuNanos()).isLessThan(20_000_000L);
            assertThat(busy.cpuNanos()).isGreaterThanOrEqualTo(50_000_000L).isLessThan(250_000_000L);
        }
    }

    @Test
    void whatTheTrainingThrowsReachesTheCallerUnwrapped() {
        try (TrainingThread training = new TrainingThread()) {
            assertThatThrownBy(() -> training.run(() -> {
                throw new IllegalStateException("diverged");
            })).isExactlyInstanceOf(IllegalStateException.class).hasMessage("diverged");
            assertThatThrownBy(() -> training.run(() -> {
                throw new OutOfMemoryError("native");
            })).isExactlyInstanceOf(OutOfMemoryError.class);
            // The thread survives a failed run.
            assertThat(training.run(() -> 42).result()).isEqualTo(42);
        }
    }

    /** Busy for at least the given CPU nanoseconds of this thread. */
    private static long spin(long nanos) {
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = cpu.getCurrentThreadCpuTime() + nanos;
        long n = 0;
        while (cpu.getCurrentThreadCpuTime() < until) {
            n++;
        }
        return n;
    }
}
