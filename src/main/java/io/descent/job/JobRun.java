package io.descent.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One trained model of a job: fold 0 for a holdout job or a refit, folds 1..k for cross-validation. */
@Entity
@Table(name = "job_run")
@IdClass(JobRun.Key.class)
class JobRun extends AssignedIdEntity<JobRun.Key> {

    record Key(UUID jobId, int fold) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "job_id")
    private UUID jobId;
    @Id
    private int fold;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    @Column(name = "epochs_planned")
    private int epochsPlanned;
    @Column(name = "epochs_done")
    private int epochsDone;
    @Column(name = "train_rows")
    private Integer trainRows;
    @Column(name = "validation_rows")
    private Integer validationRows;
    @Column(name = "result_json")
    private String resultJson;
    @Basic(fetch = FetchType.LAZY)
    private byte[] model;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;

    protected JobRun() {
    }

    JobRun(UUID jobId, int fold, int epochsPlanned) {
        this.jobId = jobId;
        this.fold = fold;
        this.epochsPlanned = epochsPlanned;
        this.status = JobStatus.QUEUED;
    }

    UUID getJobId() { return jobId; }

    @Override
    public Key getId() { return new Key(jobId, fold); }
    int getFold() { return fold; }
    JobStatus getStatus() { return status; }
    int getEpochsPlanned() { return epochsPlanned; }
    Integer getTrainRows() { return trainRows; }
    Integer getValidationRows() { return validationRows; }
    String getResultJson() { return resultJson; }
    Instant getStartedAt() { return startedAt; }
    Instant getFinishedAt() { return finishedAt; }
}
