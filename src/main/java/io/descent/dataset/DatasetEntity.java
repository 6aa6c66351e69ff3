package io.descent.dataset;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/** A dataset's metadata row. Its rows live in dataset_chunk, written and read with plain JDBC. */
@Entity
@Table(name = "dataset")
class DatasetEntity implements Persistable<UUID> {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private Task task;
    private String labelName;
    @Column(name = "row_count")
    private int rows;
    private int inputSize;
    private long sizeBytes;
    private String sha256;
    private int rowsPerChunk;
    /** {@link StoredSchema} as JSON. */
    private String schemaJson;
    private Instant createdAt;

    /** Ids are assigned here, so Spring Data cannot tell new from stored by a null id. */
    @Transient
    private boolean stored;

    protected DatasetEntity() {
    }

    DatasetEntity(UUID id, String name, Task task, String labelName, int rows, int inputSize, long sizeBytes,
            String sha256, int rowsPerChunk, String schemaJson, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        describe(task, labelName, rows, inputSize, sizeBytes, sha256, rowsPerChunk, schemaJson);
    }

    /**
     * The row an upload inserts first, because its chunks refer to it; {@link #describe} fills in what the file
     * turns out to hold, in the same transaction, so no other transaction sees it like this.
     */
    static DatasetEntity pending(UUID id, String name, Task task, Instant createdAt) {
        return new DatasetEntity(id, name, task == null ? Task.REGRESSION : task, "", 0, 0, 0, "", 0, "{}", createdAt);
    }

    void describe(Task task, String labelName, int rows, int inputSize, long sizeBytes, String sha256,
            int rowsPerChunk, String schemaJson) {
        this.task = task;
        this.labelName = labelName;
        this.rows = rows;
        this.inputSize = inputSize;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.rowsPerChunk = rowsPerChunk;
        this.schemaJson = schemaJson;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String name() {
        return name;
    }

    Task task() {
        return task;
    }

    String labelName() {
        return labelName;
    }

    int rows() {
        return rows;
    }

    int inputSize() {
        return inputSize;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    String sha256() {
        return sha256;
    }

    int rowsPerChunk() {
        return rowsPerChunk;
    }

    String schemaJson() {
        return schemaJson;
    }

    Instant createdAt() {
        return createdAt;
    }
}
