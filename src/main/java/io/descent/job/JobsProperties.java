package io.descent.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param checkpointInterval the least time between two checkpoints of a run. Every epoch's row is stored as it
 *        ends; a checkpoint (weights, optimizer state) goes with the rows only once this much time has passed since
 *        the run's start or its last checkpoint, so a crash loses at most this much training, which the resumed run
 *        redoes exactly. Zero checkpoints every epoch.
 * @param epochWriteInterval the least time between two writes of a run's epoch rows: shorter epochs are stored in
 *        batches, and someone following the job sees an epoch at most this late. Zero writes as fast as the
 *        database takes them.
 * @param eventsPollInterval how often a job's event stream looks in the database for what other nodes stored. What
 *        this node stores reaches its streams at once.
 */
@ConfigurationProperties("descent.jobs")
record JobsProperties(@DefaultValue("1s") Duration checkpointInterval, @DefaultValue("100ms") Duration epochWriteInterval,
        @DefaultValue("300ms") Duration eventsPollInterval) {
}
