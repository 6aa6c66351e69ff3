package io.descent.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descent.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** An experiment as the API shows it. */
@Schema(name = "Experiment")
record ExperimentView(
        UUID id,
        String name,
        @Schema(description = "RUNNING while any job is queued or running, then FINISHED") Status status,
        Instant createdAt,
        @Schema(description = "The seed every job runs with") long seed,
        List<UUID> jobIds,
        List<Comparison> comparison) {

    enum Status { RUNNING, FINISHED }

    /** One row of the comparison table. Figures are null until the job has stored the epochs they come from. */
    @Schema(name = "ExperimentComparison")
    record Comparison(
            UUID jobId,
            @Schema(description = "The varied fields with this job's values, as sent") Map<String, JsonNode> varied,
            JobStatus status,
            @Schema(description = "Lowest per-epoch validation loss (k-fold: of the mean over folds)") Double bestValidationLoss,
            @Schema(description = "The epoch of bestValidationLoss") Integer bestEpoch,
            @Schema(description = "Training loss of the last epoch (k-fold: mean over folds)") Double finalTrainLoss,
            Double trainingSeconds,
            @Schema(description = "Largest Hessian eigenvalue of the training loss at the final parameters; null until analysed")
            Double sharpness) {
    }
}
