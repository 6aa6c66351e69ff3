package io.descent.training;

/** Called by {@link Trainer} after each epoch, on the training thread; the checkpoint resumes after that epoch. */
@FunctionalInterface
public interface EpochListener {

    EpochListener NONE = (stats, checkpoint) -> { };

    void onEpochEnd(EpochStats stats, Checkpoint checkpoint);
}
