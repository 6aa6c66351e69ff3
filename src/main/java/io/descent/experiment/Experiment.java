package io.descent.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An experiment row; its jobs are listed in {@link ExperimentJob}. */
@Entity
@Table(name = "experiment")
class Experiment {

    @Id
    private UUID id;
    private String name;
    private long seed;
    @Column(name = "vary_json")
    private String varyJson;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Experiment() {
    }

    Experiment(UUID id, String name, long seed, String varyJson, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.seed = seed;
        this.varyJson = varyJson;
        this.createdAt = createdAt;
    }

    UUID getId() { return id; }
    String getName() { return name; }
    long getSeed() { return seed; }
    String getVaryJson() { return varyJson; }
    Instant getCreatedAt() { return createdAt; }
}
