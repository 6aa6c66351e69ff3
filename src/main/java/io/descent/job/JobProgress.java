package io.descent.job;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.descent.training.Checkpoint;
import io.descent.training.EpochStats;
import io.descent.training.TrainingOutcome;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes a training run makes. Epoch rows are stored in order, and a checkpoint commits together with the rows
 * up to its epoch; a run resumed anywhere trains again the epochs stored after its checkpoint, without storing them
 * again (EpochWriter), and stores the epochs after them: no gap, no duplicate.
 */
@Component
class JobProgress {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final JobRepository jobs;
    private final JobRunRepository runs;
    private final TrainingQueue queue;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    JobProgress(JdbcClient jdbc, NamedParameterJdbcTemplate batch, JobRepository jobs, JobRunRepository runs,
            TrainingQueue queue, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.jobs = jobs;
        this.runs = runs;
        this.queue = queue;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /*
     * The writes of a run (its start, every epoch write, its end) are plain SQL rather than JPA queries: a profile of
     * the service (bench/RESULTS.md, case d) found Spring Data and Hibernate translating each modifying query anew
     * on every call, at about six times the database's own work, on the core beside the training.
     */

    /** The job and one of its runs, as a run's start needs them; empty when either is gone. */
    @Transactional(readOnly = true)
    Optional<RunStart> runStart(UUID jobId, int fold) {
        return jdbc.sql("""
                select j.status, j.spec_json, j.dataset_id, j.test_dataset_id, j.fold_count, j.created_at,
                    r.status, r.epochs_done, r.epochs_planned
                from job j join job_run r on r.job_id = j.id where j.id = :job and r.fold = :fold""")
                .param("job", jobId).param("fold", fold)
                .query((rs, i) -> new RunStart(JobStatus.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getInt(5) > 0,
                        rs.getObject(6, OffsetDateTime.class).toInstant(), JobStatus.valueOf(rs.getString(7)),
                        rs.getInt(8), rs.getInt(9)))
                .optional();
    }

    record RunStart(JobStatus jobStatus, String specJson, UUID datasetId, UUID testDatasetId, boolean kFold,
            Instant createdAt, JobStatus runStatus, int epochsDone, int epochsPlanned) {
    }

    /** Marks the job and the run as running; false when the job was cancelled or finished meanwhile. */
    @Transactional
    boolean start(UUID jobId, int fold, int trainRows, int validationRows) {
        Locked job = lock(jobId).orElse(null);
        if (job == null || job.status().isFinished() || job.cancelRequested()) {
            return false;
        }
        OffsetDateTime now = now();
        jdbc.sql("update job set status = 'RUNNING', started_at = :now where id = :job and status = 'QUEUED'")
                .param("job", jobId).param("now", now).update();
        jdbc.sql("""
                update job_run set status = 'RUNNING', started_at = :now, train_rows = :train,
                    validation_rows = :validation where job_id = :job and fold = :fold""")
                .param("job", jobId).param("fold", fold).param("now", now)
                .param("train", trainRows).param("validation", validationRows).update();
        events.publishEvent(new JobChanged(jobId));
        return true;
    }

    /**
     * Locks the job's row for the rest of the transaction. Every transaction that writes a job and its runs locks
     * the job row first (cancel, start, epochs, finish): one lock order, so a cancel arriving during an epoch's
     * write cannot deadlock with it.
     */
    private Optional<Locked> lock(UUID jobId) {
        return jdbc.sql("select status, cancel_requested, fold_count, refit from job where id = :job for update")
                .param("job", jobId)
                .query((rs, i) -> new Locked(JobStatus.valueOf(rs.getString(1)), rs.getBoolean(2), rs.getInt(3) > 0,
                        rs.getBoolean(4)))
                .optional();
    }

    private record Locked(JobStatus status, boolean cancelRequested, boolean kFold, boolean refit) {
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    @Transactional(readOnly = true)
    Optional<byte[]> checkpoint(UUID jobId, int fold) {
        return jdbc.sql("select data from job_checkpoint where job_id = :job and fold = :fold")
                .param("job", jobId).param("fold", fold)
                .query((rs, i) -> rs.getBytes(1)).optional();
    }

    /**
     * Stores epochs (in order) and, when given, the checkpoint after the last of them, in one transaction. The
     * checkpoint replaces the run's previous one.
     */
    @Transactional
    void saveEpochs(UUID jobId, int fold, List<EpochStats> epochs, Checkpoint checkpoint) {
        lock(jobId);
        storeEpochs(jobId, fold, epochs, checkpoint);
        // The job's followers on this node see the epochs once they commit, not at their next poll.
        events.publishEvent(new JobChanged(jobId));
    }

    /** {@link #saveEpochs} for a transaction that holds the job row's lock already. */
    private void storeEpochs(UUID jobId, int fold, List<EpochStats> epochs, Checkpoint checkpoint) {
        // One batch: the rows a write holds (up to an epoch-write interval's worth) cost one round trip, not one each.
        SqlParameterSource[] rows = epochs.stream().map(s -> new MapSqlParameterSource()
                .addValue("job", jobId).addValue("fold", fold).addValue("epoch", s.epoch())
                .addValue("trainLoss", s.trainLoss()).addValue("validationLoss", s.validationLoss())
                .addValue("trainAccuracy", s.trainAccuracy()).addValue("validationAccuracy", s.validationAccuracy())
                .addValue("learningRate", s.learningRate()).addValue("gradientNorm", s.gradientNorm())
                .addValue("seconds", s.seconds())).toArray(SqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into job_epoch (job_id, fold, epoch, train_loss, validation_loss, train_accuracy,
                    validation_accuracy, learning_rate, gradient_norm, seconds)
                values (:job, :fold, :epoch, :trainLoss, :validationLoss, :trainAccuracy, :validationAccuracy,
                    :learningRate, :gradientNorm, :seconds)""", rows);
        int last = epochs.get(epochs.size() - 1).epoch();
        if (checkpoint != null) {
            if (checkpoint.epoch() != last) {
                throw new IllegalArgumentException("checkpoint of epoch " + checkpoint.epoch() + " stored with epoch " + last);
            }
            deleteCheckpoint(jobId, fold);
            jdbc.sql("insert into job_checkpoint (job_id, fold, epoch, data, updated_at) values (:job, :fold, :epoch, :data, :now)")
                    .param("job", jobId).param("fold", fold).param("epoch", last)
                    .param("data", checkpoint.toBytes()).param("now", Timestamp.from(clock.instant()))
                    .update();
        }
        jdbc.sql("update job_run set epochs_done = :epoch where job_id = :job and fold = :fold")
                .param("job", jobId).param("fold", fold).param("epoch", last).update();
        // The fraction of all the job's runs' planned epochs that are done, at most 1.
        jdbc.sql("""
                update job set progress_epoch = :epoch, progress_fold = :fold, progress_fraction = (
                    select case when sum(epochs_planned) > 0
                        then least(cast(1 as double precision), cast(sum(epochs_done) as double precision) / sum(epochs_planned))
                        else 0 end
                    from job_run where job_id = :job)
                where id = :job""")
                .param("job", jobId).param("fold", fold).param("epoch", last).update();
    }

    private void deleteCheckpoint(UUID jobId, int fold) {
        jdbc.sql("delete from job_checkpoint where job_id = :job and fold = :fold")
                .param("job", jobId).param("fold", fold).update();
    }

    /**
     * Stores a finished run, with its epochs not stored yet, and, when it was the job's last, the job's result. For
     * k-fold with refit, the folds' end queues the refit run, trained on all rows for the folds' mean best epoch.
     */
    @Transactional
    void finishRun(UUID jobId, int fold, TrainingOutcome out, List<EpochStats> lastEpochs) {
        Locked job = lock(jobId).orElse(null);
        if (job == null) {
            return;
        }
        if (!lastEpochs.isEmpty()) {
            storeEpochs(jobId, fold, lastEpochs, null);
        }
        OffsetDateTime now = now();
        events.publishEvent(new JobChanged(jobId));
        JobResult result = resultOf(out);
        boolean keepModel = fold == 0;
        jdbc.sql("""
                update job_run set status = 'SUCCEEDED', finished_at = :now, result_json = :result, model = :model
                where job_id = :job and fold = :fold""")
                .param("job", jobId).param("fold", fold).param("now", now)
                .param("result", json.writeValueAsString(result))
                .param("model", new SqlParameterValue(Types.VARBINARY, keepModel ? out.model().toZip() : null))
                .update();
        deleteCheckpoint(jobId, fold);
        if (job.status() != JobStatus.RUNNING) {
            return;
        }
        if (!job.kFold()) {
            succeed(jobId, result, now);
            return;
        }
        List<JobRun> all = runs.findByJobIdOrderByFoldAsc(jobId);
        List<JobRun> folds = all.stream().filter(r -> r.getFold() > 0).toList();
        boolean foldsDone = folds.stream().allMatch(r -> r.getStatus() == JobStatus.SUCCEEDED);
        if (!foldsDone) {
            return;
        }
        List<JobResult> foldResults = folds.stream().map(r -> json.readValue(r.getResultJson(), JobResult.class)).toList();
        JobResult mean = mean(foldResults);
        if (job.refit() && fold > 0) {
            if (all.stream().noneMatch(r -> r.getFold() == 0)) {
                int epochs = Math.max(1, (int) Math.round(foldResults.stream().mapToInt(JobResult::bestEpoch).average().orElse(1)));
                runs.saveAndFlush(new JobRun(jobId, 0, epochs));
                queue.enqueueAll(jobId, List.of(0), now.toInstant());
            }
            return;
        }
        if (job.refit()) {
            // The folds say how well the recipe generalises; the refit model is what the job hands out.
            mean = new JobResult(mean.trainLoss(), mean.validationLoss(), mean.validationAccuracy(), mean.bestEpoch(),
                    mean.stoppedEarly(), mean.epochsRun(), result.testLoss(), result.testAccuracy(),
                    mean.trainingSeconds() + result.trainingSeconds(),
                    mean.bestValidationLoss(), mean.trainAccuracy(), mean.finalValidationLoss(),
                    mean.finalValidationAccuracy());
        }
        succeed(jobId, mean, now);
    }

    private void succeed(UUID jobId, JobResult result, OffsetDateTime now) {
        jdbc.sql("""
                update job set status = 'SUCCEEDED', finished_at = :now, result_json = :result,
                    result_validation_loss = :validationLoss, result_best_validation_loss = :bestValidationLoss,
                    result_validation_accuracy = :validationAccuracy, progress_fraction = 1.0
                where id = :job and status = 'RUNNING'""")
                .param("job", jobId).param("now", now).param("result", json.writeValueAsString(result))
                .param("validationLoss", new SqlParameterValue(Types.DOUBLE, result.validationLoss()))
                .param("bestValidationLoss", new SqlParameterValue(Types.DOUBLE, result.bestValidationLoss()))
                .param("validationAccuracy", new SqlParameterValue(Types.DOUBLE, result.validationAccuracy()))
                .update();
    }

    @Transactional
    void fail(UUID jobId, int fold, String message) {
        Instant now = clock.instant();
        events.publishEvent(new JobChanged(jobId));
        jobs.markFailed(jobId, message, now);
        runs.markFinished(jobId, fold, JobStatus.FAILED, now);
    }

    /** Stores a cancelled run's end, with its epochs not stored yet. */
    @Transactional
    void cancelled(UUID jobId, int fold, List<EpochStats> lastEpochs) {
        if (!lastEpochs.isEmpty()) {
            saveEpochs(jobId, fold, lastEpochs, null);
        }
        runs.markFinished(jobId, fold, JobStatus.CANCELLED, clock.instant());
        events.publishEvent(new JobChanged(jobId));
    }

    static JobResult resultOf(TrainingOutcome out) {
        Double lowest = out.epochs().stream().map(EpochStats::validationLoss).filter(v -> v != null)
                .min(Double::compare).orElse(null);
        EpochStats best = out.epochs().stream().filter(e -> e.epoch() == out.bestEpoch()).findFirst().orElse(null);
        boolean fromBest = best != null && best.validationLoss() != null;
        return new JobResult(out.trainLoss(), fromBest ? best.validationLoss() : out.validationLoss(),
                fromBest ? best.validationAccuracy() : out.validationAccuracy(), out.bestEpoch(),
                out.stoppedEarly(), out.epochsRun(), out.testLoss(), out.testAccuracy(), out.trainingSeconds(), lowest,
                out.trainAccuracy(), out.validationLoss(), out.validationAccuracy());
    }

    static JobResult mean(List<JobResult> rs) {
        return new JobResult(avg(rs.stream().map(JobResult::trainLoss).toList()),
                avg(rs.stream().map(JobResult::validationLoss).toList()),
                avg(rs.stream().map(JobResult::validationAccuracy).toList()),
                (int) Math.round(rs.stream().mapToInt(JobResult::bestEpoch).average().orElse(0)),
                rs.stream().anyMatch(r -> Boolean.TRUE.equals(r.stoppedEarly())),
                (int) Math.round(rs.stream().mapToInt(JobResult::epochsRun).average().orElse(0)),
                avg(rs.stream().map(JobResult::testLoss).toList()),
                avg(rs.stream().map(JobResult::testAccuracy).toList()),
                rs.stream().map(JobResult::trainingSeconds).filter(v -> v != null).mapToDouble(Double::doubleValue).sum(),
                avg(rs.stream().map(JobResult::bestValidationLoss).toList()),
                avg(rs.stream().map(JobResult::trainAccuracy).toList()),
                avg(rs.stream().map(JobResult::finalValidationLoss).toList()),
                avg(rs.stream().map(JobResult::finalValidationAccuracy).toList()));
    }

    private static Double avg(List<Double> xs) {
        List<Double> present = xs.stream().filter(v -> v != null).toList();
        return present.isEmpty() ? null : present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
