package io.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The outcome of a run, or for a k-fold job the mean over its folds. {@code validationLoss} and
 * {@code validationAccuracy} are those of the best epoch ({@code bestEpoch}), which is what GET /jobs sorts by;
 * {@code finalValidationLoss} and {@code finalValidationAccuracy} are those of the model the job hands out (the
 * best epoch's weights when early stopping restores them, else the last epoch's). {@code bestValidationLoss} is
 * the lowest validation loss of any epoch (it differs from validationLoss only when early stopping's minDelta
 * ignored a small improvement).
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
        @Schema(description = "Accuracy on the training rows at the end (classification)") Double trainAccuracy,
        @Schema(description = "Validation loss of the model the job hands out") Double finalValidationLoss,
        @Schema(description = "Validation accuracy of the model the job hands out") Double finalValidationAccuracy) {
}
