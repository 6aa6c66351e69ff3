package io.descent.job;

import java.time.Instant;
import java.util.UUID;

import io.descent.training.TrainingSpec;
import io.swagger.v3.oas.annotations.media.Schema;

/** A job as the API shows it. */
@Schema(name = "Job", description = "One training request and what became of it")
public record JobView(
        UUID id,
        String name,
        @Schema(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") JobStatus status,
        @Schema(description = "The spec as run, every default filled in") TrainingSpec spec,
        UUID datasetId,
        @Schema(description = "Set when the job belongs to an experiment") UUID experimentId,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Progress progress,
        @Schema(description = "SUCCEEDED only") JobResult result,
        @Schema(description = "FAILED only") JobError error) {

    @Schema(name = "Progress")
    public record Progress(int epoch, int epochs, int fold, int folds, double fraction) {
    }

    @Schema(name = "JobError")
    public record JobError(String message) {
    }
}
