package io.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The outcome of a run, or for a k-fold job the mean over its folds. {@code validationLoss} belongs to the
 * model that was kept (the best epoch's when early stopping restores it, else the last epoch's);
 * {@code bestValidationLoss} is the lowest validation loss of any epoch.
 */
@Schema(name = "JobResult")
public record JobResult(
        Double trainLoss,
        Double validationLoss,
        Double validationAccuracy,
        Integer bestEpoch,
        Boolean stoppedEarly,
        Integer epochsRun,
        Double testLoss,
        Double testAccuracy,
        Double trainingSeconds,
        @Schema(description = "Lowest validation loss of any epoch") Double bestValidationLoss,
        @Schema(description = "Accuracy on the training rows at the end (classification)") Double trainAccuracy) {
}
