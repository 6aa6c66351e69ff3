package io.descent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.descent.training.Checkpoint;
import io.descent.training.EpochListener;
import io.descent.training.EpochStats;

/**
 * Stores a run's epochs off the training thread. Writing an epoch row and its checkpoint took a third of the time
 * of a small job's epochs (bench/RESULTS.md, case d); here the training thread only hands the epoch over, and one
 * writer thread stores what has piled up since its last write in one transaction: every epoch row, and the newest
 * checkpoint only, since a checkpoint replaces the one before. Epoch rows and their checkpoint still commit together
 * and in order, so a run resumed after a crash continues from exactly the epochs that are stored.
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

    EpochWriter(JobProgress progress, ExecutorService writer, UUID jobId, int fold) {
        this.progress = progress;
        this.writer = writer;
        this.jobId = jobId;
        this.fold = fold;
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
        try {
            progress.saveEpochs(jobId, fold, batch, checkpoint);
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
