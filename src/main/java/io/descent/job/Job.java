package io.descent.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One training request. Progress and results are written with targeted updates, since folds on several nodes share the row. */
@Entity
@Table(name = "job")
class Job extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;
    private String name;
    @Column(name = "dataset_id")
    private UUID datasetId;
    @Column(name = "test_dataset_id")
    private UUID testDatasetId;
    @Column(name = "experiment_id")
    private UUID experimentId;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    @Column(name = "spec_json")
    private String specJson;
    @Column(name = "optimizer_type")
    private String optimizerType;
    @Column(name = "fold_count")
    private int foldCount;
    private boolean refit;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "progress_epoch")
    private int progressEpoch;
    @Column(name = "progress_fold")
    private int progressFold;
    @Column(name = "progress_fraction")
    private double progressFraction;
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Column(name = "error_message")
    private String errorMessage;
    @Column(name = "result_json")
    private String resultJson;
    @Column(name = "result_validation_loss")
    private Double resultValidationLoss;
    @Column(name = "result_best_validation_loss")
    private Double resultBestValidationLoss;
    @Column(name = "result_validation_accuracy")
    private Double resultValidationAccuracy;

    protected Job() {
    }

    Job(UUID id, String name, UUID datasetId, UUID testDatasetId, UUID experimentId, String specJson,
            String optimizerType, int foldCount, boolean refit, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.datasetId = datasetId;
        this.testDatasetId = testDatasetId;
        this.experimentId = experimentId;
        this.status = JobStatus.QUEUED;
        this.specJson = specJson;
        this.optimizerType = optimizerType;
        this.foldCount = foldCount;
        this.refit = refit;
        this.createdAt = createdAt;
    }

    @Override
    public UUID getId() { return id; }
    String getName() { return name; }
    UUID getDatasetId() { return datasetId; }
    UUID getExperimentId() { return experimentId; }
    JobStatus getStatus() { return status; }
    String getSpecJson() { return specJson; }
    String getOptimizerType() { return optimizerType; }
    int getFoldCount() { return foldCount; }
    Instant getCreatedAt() { return createdAt; }
    Instant getStartedAt() { return startedAt; }
    Instant getFinishedAt() { return finishedAt; }
    int getProgressEpoch() { return progressEpoch; }
    int getProgressFold() { return progressFold; }
    double getProgressFraction() { return progressFraction; }
    String getErrorMessage() { return errorMessage; }
    String getResultJson() { return resultJson; }
    Double getResultValidationLoss() { return resultValidationLoss; }
    Double getResultBestValidationLoss() { return resultBestValidationLoss; }
    Double getResultValidationAccuracy() { return resultValidationAccuracy; }

    boolean isKFold() {
        return foldCount > 0;
    }
}
