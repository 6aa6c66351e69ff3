package io.descent.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

import io.descent.training.Checkpoint;
import io.descent.training.EpochListener;
import io.descent.training.EpochStats;

/**
 * Stores a run's epochs off the training thread. Writing an epoch row and its checkpoint took a third of the time
 * of a small job's epochs (bench/RESULTS.md, case d); here the training thread only hands the epoch over, and one
 * writer thread stores what has piled up since its last write in one transaction: every epoch row and, once the
 * checkpoint interval has passed since the last one, the newest checkpoint (a checkpoint replaces the one before).
 * Short epochs thus write a few hundred kilobytes of weights and optimizer state about once per interval instead of
 * every few milliseconds, work that took the second core from the services beside the training. A run resumed after
 * a crash continues from its checkpoint and redoes the epochs stored after it, bit for bit
 * ({@link JobProgress#rewind}).
 *
 * <p>A failed write stops the training at its next epoch and is rethrown by {@link #drain}.
 */
final class EpochWriter implements EpochListener {

    private final JobProgress progress;
    private final ExecutorService writer;
    private final UUID jobId;
    private final int fold;
    private final List<EpochStats> pending = new ArrayList<>();
    private Checkpoint newest;
    private Future<?> inFlight;
    private volatile RuntimeException failure;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    /** When the last checkpoint was stored; the run's start counts as one. Read and written by the writer only. */
    private long lastCheckpoint;

    EpochWriter(JobProgress progress, ExecutorService writer, UUID jobId, int fold, Duration checkpointInterval) {
        this(progress, writer, jobId, fold, checkpointInterval, System::nanoTime);
    }

    EpochWriter(JobProgress progress, ExecutorService writer, UUID jobId, int fold, Duration checkpointInterval,
            LongSupplier nanoTime) {
        this.progress = progress;
        this.writer = writer;
        this.jobId = jobId;
        this.fold = fold;
        this.intervalNanos = checkpointInterval.toNanos();
        this.nanoTime = nanoTime;
        this.lastCheckpoint = nanoTime.getAsLong();
    }

    @Override
    public void onEpochEnd(EpochStats stats, Checkpoint checkpoint) {
        if (failure != null) {
            throw failure;
        }
        synchronized (this) {
            pending.add(stats);
            newest = checkpoint;
            if (pending.size() == 1) {
                // The writer was idle or has taken its batch: this epoch starts the next one.
                inFlight = writer.submit(this::write);
            }
        }
    }

    private void write() {
        List<EpochStats> batch;
        Checkpoint checkpoint;
        synchronized (this) {
            batch = List.copyOf(pending);
            checkpoint = newest;
            pending.clear();
            newest = null;
        }
        if (batch.isEmpty() || failure != null) {
            return;
        }
        long now = nanoTime.getAsLong();
        boolean due = now - lastCheckpoint >= intervalNanos;
        try {
            progress.saveEpochs(jobId, fold, batch, due ? checkpoint : null);
            if (due) {
                lastCheckpoint = now;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Waits until every epoch handed over is stored; rethrows a failed write. */
    void drain() {
        Future<?> last;
        synchronized (this) {
            last = inFlight;
        }
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing epochs", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("storing epochs failed", e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
