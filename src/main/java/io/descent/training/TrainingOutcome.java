package io.descent.training;

import java.util.List;

/**
 * What a run produced. Losses and accuracies are those of {@link #model()} (the restored best weights when
 * early stopping restores them), evaluated without dropout or augmentation over the whole train, validation and
 * test rows; {@code epochs} holds the per-epoch history.
 */
public record TrainingOutcome(double trainLoss, Double trainAccuracy, Double validationLoss, Double validationAccuracy,
        int bestEpoch, boolean stoppedEarly, int epochsRun, Double testLoss, Double testAccuracy,
        double trainingSeconds, boolean cancelled, List<EpochStats> epochs, TrainedModel model) {
}
