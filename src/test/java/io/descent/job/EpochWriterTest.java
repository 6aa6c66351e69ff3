package io.descent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.descent.training.Checkpoint;
import io.descent.training.EpochStats;

class EpochWriterTest {

    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    private final UUID job = UUID.randomUUID();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    private static EpochStats epoch(int e) {
        return new EpochStats(e, 1.0 / e, null, null, null, 0.01, 1, 0.001);
    }

    private static Checkpoint checkpoint(int e) {
        return new Checkpoint(e, e, List.of(), 0, List.of(), 0, e, 0, null, List.of());
    }

    /** While a write is under way, later epochs pile up and go in the next write, all rows with the newest checkpoint. */
    @Test
    void epochsArrivingDuringAWriteAreStoredTogetherInOrder() throws Exception {
        JobProgress progress = mock(JobProgress.class);
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> writes = new ArrayList<>();
        List<Integer> checkpoints = new ArrayList<>();
        doAnswer(call -> {
            List<EpochStats> epochs = call.getArgument(2);
            Checkpoint c = call.getArgument(3);
            synchronized (writes) {
                writes.add(epochs.stream().map(EpochStats::epoch).toList());
                checkpoints.add(c == null ? null : c.epoch());
            }
            firstWriteStarted.countDown();
            release.await(5, TimeUnit.SECONDS);
            return null;
        }).when(progress).saveEpochs(any(), anyInt(), anyList(), any());

        EpochWriter epochs = new EpochWriter(progress, writer, job, 0, 0, Duration.ZERO, Duration.ZERO, System::nanoTime);
        epochs.onEpochEnd(epoch(1), checkpoint(1));
        firstWriteStarted.await(5, TimeUnit.SECONDS);
        for (int e = 2; e <= 5; e++) {
            epochs.onEpochEnd(epoch(e), checkpoint(e));
        }
        release.countDown();
        epochs.drain();

        assertEquals(List.of(List.of(1), List.of(2, 3, 4, 5)), writes);
        assertEquals(List.of(1, 5), checkpoints);
    }

    /**
     * With an interval, rows are stored as they come and a checkpoint only once the interval has passed since the
     * start or the last checkpoint (a fake clock: 0.4 s per epoch against a 1 s interval).
     */
    @Test
    void checkpointsGoWithTheRowsOncePerInterval() {
        JobProgress progress = mock(JobProgress.class);
        List<Integer> rows = new ArrayList<>();
        List<Integer> checkpoints = new ArrayList<>();
        doAnswer(call -> {
            List<EpochStats> epochs = call.getArgument(2);
            Checkpoint c = call.getArgument(3);
            epochs.forEach(e -> rows.add(e.epoch()));
            if (c != null) {
                checkpoints.add(c.epoch());
            }
            return null;
        }).when(progress).saveEpochs(any(), anyInt(), anyList(), any());
        AtomicLong now = new AtomicLong();
        EpochWriter epochs = new EpochWriter(progress, writer, job, 0, 0, Duration.ofSeconds(1), Duration.ZERO, now::get);
        for (int e = 1; e <= 7; e++) {
            now.addAndGet(400_000_000L);
            epochs.onEpochEnd(epoch(e), checkpoint(e));
            epochs.drain();
        }

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), rows);
        // 1.2 s at epoch 3, then 1.2 s later at epoch 6.
        assertEquals(List.of(3, 6), checkpoints);
    }

    /**
     * A writer whose next write waits an hour (on a clock that stands still), once epoch 1 is stored: what comes next
     * waits for the interval. Epoch 1 ends two hours after the run's start, so it is stored at once.
     */
    private EpochWriter afterFirstWrite(List<List<Integer>> writes) throws InterruptedException {
        CountDownLatch firstWrite = new CountDownLatch(1);
        AtomicLong now = new AtomicLong();
        EpochWriter epochs = new EpochWriter(recording(writes, firstWrite), writer, job, 0, 0, Duration.ZERO,
                Duration.ofHours(1), now::get);
        now.set(TimeUnit.HOURS.toNanos(2));
        epochs.onEpochEnd(epoch(1), checkpoint(1));
        assertTrue(firstWrite.await(5, TimeUnit.SECONDS), "epoch 1 is stored at once");
        return epochs;
    }

    /**
     * The run's start counts as a write: an epoch that ends within the write interval of it waits like any other
     * (an hour here, on a clock that stands still), and drain stores it.
     */
    @Test
    void aRunsFirstEpochsWaitTheWriteIntervalFromItsStart() throws Exception {
        List<List<Integer>> writes = new ArrayList<>();
        EpochWriter epochs = new EpochWriter(recording(writes, new CountDownLatch(1)), writer, job, 0, 0, Duration.ZERO,
                Duration.ofHours(1), () -> 0L);
        epochs.onEpochEnd(epoch(1), checkpoint(1));
        epochs.onEpochEnd(epoch(2), checkpoint(2));
        Thread.sleep(100);
        synchronized (writes) {
            assertEquals(List.of(), writes, "epochs 1-2 wait for the interval");
        }
        epochs.drain();
        assertEquals(List.of(List.of(1, 2)), writes);
    }

    /** A JobProgress that records the epochs of each write (on {@code writes}) and counts writes down. */
    private static JobProgress recording(List<List<Integer>> writes, CountDownLatch written) {
        JobProgress progress = mock(JobProgress.class);
        doAnswer(call -> {
            List<EpochStats> epochs = call.getArgument(2);
            synchronized (writes) {
                writes.add(epochs.stream().map(EpochStats::epoch).toList());
            }
            written.countDown();
            return null;
        }).when(progress).saveEpochs(any(), anyInt(), anyList(), any());
        return progress;
    }

    /**
     * Epochs that arrive within the write interval of the last write wait for the next one (an hour here, on a clock
     * that stands still), and drain stores them at once rather than after the interval.
     */
    @Test
    void epochsWithinTheWriteIntervalWaitAndDrainStoresThemAtOnce() throws Exception {
        List<List<Integer>> writes = new ArrayList<>();
        EpochWriter epochs = afterFirstWrite(writes);
        for (int e = 2; e <= 4; e++) {
            epochs.onEpochEnd(epoch(e), checkpoint(e));
        }
        Thread.sleep(100);
        synchronized (writes) {
            assertEquals(List.of(List.of(1)), writes, "epochs 2-4 wait for the interval");
        }
        long start = System.nanoTime();
        epochs.drain();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "drain does not wait out the interval");
        assertEquals(List.of(List.of(1), List.of(2, 3, 4)), writes);
    }

    /** At a run's end the epochs still waiting for their write are handed back, for the run's end transaction. */
    @Test
    void finishHandsBackTheEpochsNotStoredYet() throws Exception {
        List<List<Integer>> writes = new ArrayList<>();
        EpochWriter epochs = afterFirstWrite(writes);
        epochs.onEpochEnd(epoch(2), checkpoint(2));
        epochs.onEpochEnd(epoch(3), checkpoint(3));

        assertEquals(List.of(2, 3), epochs.finish().stream().map(EpochStats::epoch).toList());
        Thread.sleep(100);
        synchronized (writes) {
            assertEquals(List.of(List.of(1)), writes, "the dropped write never runs");
        }
    }

    /** A resumed run trains again the epochs stored after its checkpoint (here 3 to 5) and stores only the new ones. */
    @Test
    void aResumedRunDoesNotStoreTheEpochsStoredBefore() {
        List<List<Integer>> writes = new ArrayList<>();
        EpochWriter epochs = new EpochWriter(recording(writes, new CountDownLatch(1)), writer, job, 0, 5, Duration.ZERO,
                Duration.ZERO, System::nanoTime);
        for (int e = 3; e <= 7; e++) {
            epochs.onEpochEnd(epoch(e), checkpoint(e));
            epochs.drain();
        }
        assertEquals(List.of(List.of(6), List.of(7)), writes);
    }

    @Test
    void aFailedWriteStopsTheTrainingAndIsRethrownByDrain() throws Exception {
        JobProgress progress = mock(JobProgress.class);
        IllegalStateException broken = new IllegalStateException("database gone");
        doThrow(broken).when(progress).saveEpochs(any(), anyInt(), anyList(), any());

        EpochWriter epochs = new EpochWriter(progress, writer, job, 0, 0, Duration.ZERO, Duration.ZERO, System::nanoTime);
        epochs.onEpochEnd(epoch(1), checkpoint(1));
        assertSame(broken, assertThrows(IllegalStateException.class, epochs::drain));
        assertSame(broken, assertThrows(IllegalStateException.class, () -> epochs.onEpochEnd(epoch(2), checkpoint(2))));
    }
}
