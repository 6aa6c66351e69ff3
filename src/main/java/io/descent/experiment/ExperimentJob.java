package io.descent.experiment;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One job of an experiment: its place in the product and the varied values exactly as the client sent them. */
@Entity
@Table(name = "experiment_job")
class ExperimentJob {

    @Id
    @Column(name = "job_id")
    private UUID jobId;
    @Column(name = "experiment_id")
    private UUID experimentId;
    private int position;
    @Column(name = "varied_json")
    private String variedJson;

    protected ExperimentJob() {
    }

    ExperimentJob(UUID jobId, UUID experimentId, int position, String variedJson) {
        this.jobId = jobId;
        this.experimentId = experimentId;
        this.position = position;
        this.variedJson = variedJson;
    }

    UUID getJobId() { return jobId; }
    UUID getExperimentId() { return experimentId; }
    int getPosition() { return position; }
    String getVariedJson() { return variedJson; }
}
