package io.descent.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.descent.training.Checkpoint;
import io.descent.training.EpochListener;
import io.descent.training.EpochStats;

/**
 * Stores a run's epochs off the training thread. Writing an epoch row and its checkpoint took a third of the time
 * of a small job's epochs (bench/RESULTS.md, case d); here the training thread only hands the epoch over, and one
 * writer thread stores what has piled up since its last write in one transaction: every epoch row and, once the
 * checkpoint interval has passed since the last one, the newest checkpoint (a checkpoint replaces the one before).
 * Writes also keep a least gap between them (the write interval): epochs shorter than that are stored in batches,
 * a follower sees an epoch at most that late, and at the run's end {@link #finish} hands what is left to the
 * transaction that stores the run's end. Short epochs thus make a few transactions a second, and a checkpoint of a
 * few hundred kilobytes about once per checkpoint interval, instead of both every few milliseconds: work that took
 * the second core from the services beside the training (bench/RESULTS.md, case d). A run resumed after a crash
 * continues from its checkpoint and trains again the epochs stored after it; their rows stay as stored (the API
 * promises a stored epoch survives a restart), so this writer skips every epoch up to {@code storedUpTo}, which a
 * seeded run on the CPU recomputes bit for bit.
 *
 * <p>A failed write stops the training at its next epoch and is rethrown by {@link #finish} or {@link #drain}.
 */
final class EpochWriter implements EpochListener {

    private final JobProgress progress;
    private final ScheduledExecutorService writer;
    private final UUID jobId;
    private final int fold;
    private final long checkpointNanos;
    private final long writeGapNanos;
    private final LongSupplier nanoTime;
    /** The last epoch the run had stored before this writer: a resumed run's epochs up to it are not stored again. */
    private final int storedUpTo;
    private final List<EpochStats> pending = new ArrayList<>();
    private Checkpoint newest;
    private Future<?> inFlight;
    private volatile RuntimeException failure;
    /** When the last checkpoint was stored; the run's start counts as one. Read and written by the writer only. */
    private long lastCheckpoint;
    /**
     * When the last write began; the run's start counts as one, so a run's first epochs wait out the write interval
     * as later ones do instead of being written during the run's first milliseconds, beside the start's own work
     * (the HTTP exchange, the event stream's first looks, the JIT compiling code a job runs once). Guarded by this.
     */
    private long lastWrite;

    EpochWriter(JobProgress progress, ScheduledExecutorService writer, UUID jobId, int fold, int storedUpTo,
            JobsProperties properties) {
        this(progress, writer, jobId, fold, storedUpTo, properties.checkpointInterval(), properties.epochWriteInterval(),
                System::nanoTime);
    }

    EpochWriter(JobProgress progress, ScheduledExecutorService writer, UUID jobId, int fold, int storedUpTo,
            Duration checkpointInterval, Duration writeInterval, LongSupplier nanoTime) {
        this.progress = progress;
        this.writer = writer;
        this.jobId = jobId;
        this.fold = fold;
        this.checkpointNanos = checkpointInterval.toNanos();
        this.writeGapNanos = writeInterval.toNanos();
        this.nanoTime = nanoTime;
        this.storedUpTo = storedUpTo;
        this.lastCheckpoint = nanoTime.getAsLong();
        this.lastWrite = lastCheckpoint;
    }

    @Override
    public void onEpochEnd(EpochStats stats, Checkpoint checkpoint) {
        if (failure != null) {
            throw failure;
        }
        if (stats.epoch() <= storedUpTo) {
            return;
        }
        synchronized (this) {
            pending.add(stats);
            newest = checkpoint;
            if (pending.size() == 1) {
                // The writer was idle or has taken its batch: this epoch starts the next one, stored once the
                // write interval has passed since the last write began.
                long delay = lastWrite + writeGapNanos - nanoTime.getAsLong();
                inFlight = writer.schedule(this::write, Math.max(0, delay), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void write() {
        List<EpochStats> batch;
        Checkpoint checkpoint;
        long now = nanoTime.getAsLong();
        synchronized (this) {
            batch = List.copyOf(pending);
            checkpoint = newest;
            pending.clear();
            newest = null;
            lastWrite = now;
        }
        if (batch.isEmpty() || failure != null) {
            return;
        }
        boolean due = now - lastCheckpoint >= checkpointNanos;
        try {
            progress.saveEpochs(jobId, fold, batch, due ? checkpoint : null);
            if (due) {
                lastCheckpoint = now;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Ends the writing of a finished run: a write still waiting for its turn is dropped, one under way is waited for,
     * and the epochs not yet stored are returned, for the caller to store with the run's end in one transaction.
     * Rethrows a failed write.
     */
    List<EpochStats> finish() {
        Future<?> last;
        synchronized (this) {
            last = inFlight;
        }
        if (last != null && !last.cancel(false)) {
            await(last);
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (this) {
            List<EpochStats> rest = List.copyOf(pending);
            pending.clear();
            newest = null;
            return rest;
        }
    }

    /** Stores what is pending now, without waiting out the write interval, and waits until every epoch is stored. */
    void drain() {
        Future<?> last;
        synchronized (this) {
            if (inFlight != null && inFlight.cancel(false)) {
                // Still waiting for its turn: the run is over, so it goes now.
                inFlight = writer.submit(this::write);
            }
            last = inFlight;
        }
        if (last != null) {
            await(last);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing epochs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("storing epochs failed", e.getCause());
        }
    }
}
