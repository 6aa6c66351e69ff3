package io.descent.training;

/**
 * One finished epoch, as API.md's /epochs lists it (without the fold, which the job adds). Losses are in the
 * dataset's original units; trainLoss/trainAccuracy are the means over the epoch's batches as they were trained
 * (with dropout and augmentation), validation figures come from the weights at the epoch's end.
 */
public record EpochStats(int epoch, double trainLoss, Double validationLoss, Double trainAccuracy,
        Double validationAccuracy, double learningRate, double gradientNorm, double seconds) {
}
