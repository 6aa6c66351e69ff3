package io.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;

/** One finished epoch. Accuracies are null for regression, validation figures null without validation rows. */
@Schema(name = "Epoch")
public record EpochView(int fold, int epoch, Double trainLoss, Double validationLoss, Double trainAccuracy,
        Double validationAccuracy, Double learningRate, Double gradientNorm, Double seconds) {
}
