package io.descent.job;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One finished epoch of one run, stored when the epoch ends. */
@Entity
@Table(name = "job_epoch")
@IdClass(EpochRecord.Key.class)
class EpochRecord {

    record Key(UUID jobId, int fold, int epoch) implements Serializable {
        Key() {
            this(null, 0, 0);
        }
    }

    @Id
    @Column(name = "job_id")
    private UUID jobId;
    @Id
    private int fold;
    @Id
    private int epoch;
    @Column(name = "train_loss")
    private Double trainLoss;
    @Column(name = "validation_loss")
    private Double validationLoss;
    @Column(name = "train_accuracy")
    private Double trainAccuracy;
    @Column(name = "validation_accuracy")
    private Double validationAccuracy;
    @Column(name = "learning_rate")
    private Double learningRate;
    @Column(name = "gradient_norm")
    private Double gradientNorm;
    private Double seconds;

    protected EpochRecord() {
    }

    EpochRecord(UUID jobId, int fold, int epoch, Double trainLoss, Double validationLoss, Double trainAccuracy,
            Double validationAccuracy, Double learningRate, Double gradientNorm, Double seconds) {
        this.jobId = jobId;
        this.fold = fold;
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.trainAccuracy = trainAccuracy;
        this.validationAccuracy = validationAccuracy;
        this.learningRate = learningRate;
        this.gradientNorm = gradientNorm;
        this.seconds = seconds;
    }

    UUID getJobId() { return jobId; }
    int getFold() { return fold; }
    int getEpoch() { return epoch; }
    Double getTrainLoss() { return trainLoss; }
    Double getValidationLoss() { return validationLoss; }
    Double getTrainAccuracy() { return trainAccuracy; }
    Double getValidationAccuracy() { return validationAccuracy; }
    Double getLearningRate() { return learningRate; }
    Double getGradientNorm() { return gradientNorm; }
    Double getSeconds() { return seconds; }
}
