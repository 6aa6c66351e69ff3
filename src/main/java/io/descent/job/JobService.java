package io.descent.job;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.descent.dataset.DatasetUsage;
import io.descent.training.TrainingSpec;
import io.descent.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/** Submitting, reading and cancelling jobs. Training itself happens in {@link JobRunner}. */
@Service
public class JobService implements DatasetUsage {

    private static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.RUNNING);

    private final JobRepository jobs;
    private final JobRunRepository runs;
    private final DatasetFactsSource datasets;
    private final TrainingQueue queue;
    private final CancellationRegistry cancellations;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    JobService(JobRepository jobs, JobRunRepository runs, DatasetFactsSource datasets,
            TrainingQueue queue, CancellationRegistry cancellations, JsonMapper json, Clock clock,
            ApplicationEventPublisher events, JdbcClient jdbc) {
        this.jobs = jobs;
        this.runs = runs;
        this.datasets = datasets;
        this.queue = queue;
        this.cancellations = cancellations;
        this.json = json;
        this.clock = clock;
        this.events = events;
        this.jdbc = jdbc;
    }

    /** Validates the spec against its dataset, stores the job with its defaults filled in, and queues its runs. */
    @Transactional
    public JobView submit(TrainingSpec raw) {
        return submit(raw, null);
    }

    /** As {@link #submit(TrainingSpec)}, for a job that belongs to an experiment. */
    @Transactional
    public JobView submit(TrainingSpec raw, UUID experimentId) {
        if (raw == null) {
            throw ApiException.badRequest("The request body must be a TrainingSpec");
        }
        TrainingSpec spec = complete(raw);
        Instant now = clock.instant();
        TrainingSpec.ValidationSpec v = spec.validation();
        int folds = v.isKFold() ? v.folds() : 0;
        Job job = new Job(UUID.randomUUID(), spec.name(), spec.datasetId(), spec.testDatasetId(), experimentId,
                json.writeValueAsString(spec), spec.optimizer().type(), folds, Boolean.TRUE.equals(v.refit()), now);
        jobs.save(job);
        if (folds == 0) {
            runs.save(new JobRun(job.getId(), 0, spec.epochs()));
        } else {
            for (int fold = 1; fold <= folds; fold++) {
                runs.save(new JobRun(job.getId(), fold, spec.epochs()));
            }
        }
        runs.flush();
        queue.enqueueAll(job.getId(), folds == 0 ? List.of(0) : IntStream.rangeClosed(1, folds).boxed().toList(), now);
        return view(job, spec);
    }

    /**
     * Applies defaults and validates without storing anything; the returned spec is what will run. Public so that
     * experiments can validate every combination before they submit any.
     */
    public TrainingSpec complete(TrainingSpec raw) {
        if (raw.datasetId() == null) {
            throw ApiException.invalid("datasetId", "is required");
        }
        SpecValidator.DatasetFacts data = datasets.factsForField(raw.datasetId(), "datasetId");
        SpecValidator.DatasetFacts test = raw.testDatasetId() == null ? null
                : datasets.factsForField(raw.testDatasetId(), "testDatasetId");
        TrainingSpec spec = raw.withDefaults(data.task(), random.nextInt(Integer.MAX_VALUE));
        SpecValidator.validate(spec, data, test);
        return spec;
    }

    @Transactional(readOnly = true)
    public JobView get(UUID id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public Page<JobView> list(JobQuery query, Pageable pageable) {
        return jobs.findAll(query.toSpecification(), JobQuery.pageable(pageable)).map(this::view);
    }

    @Transactional(readOnly = true)
    public List<JobView> byExperiment(UUID experimentId) {
        return jobs.findByExperimentIdOrderByCreatedAtAsc(experimentId).stream().map(this::view).toList();
    }

    /** A queued job is cancelled at once; a running one stops within one batch and keeps its epochs. */
    @Transactional
    public JobView cancel(UUID id) {
        Job job = jobs.lockById(id).orElseThrow(() -> ApiException.notFound("Job", id));
        if (job.getStatus().isFinished()) {
            throw ApiException.conflict("Job " + id + " is already " + job.getStatus() + " and cannot be cancelled");
        }
        jobs.markCancelled(id, clock.instant());
        List<JobRun> jobRuns = runs.findByJobIdOrderByFoldAsc(id);
        for (JobRun run : jobRuns) {
            if (run.getStatus().isActive()) {
                runs.markFinished(id, run.getFold(), JobStatus.CANCELLED, clock.instant());
            }
        }
        queue.cancelQueued(id, jobRuns.stream().map(JobRun::getFold).toList());
        cancellations.request(id);
        events.publishEvent(new JobChanged(id));
        jobs.flush();
        return view(find(id));
    }

    /** A job's epochs, of one fold or all, in fold and epoch order: rows straight to views, no entities between. */
    @Transactional(readOnly = true)
    public List<EpochView> epochs(UUID id, Integer fold) {
        find(id);
        return jdbc.sql("select " + EPOCH_COLUMNS + " from job_epoch where job_id = :job"
                        + (fold == null ? "" : " and fold = :fold") + " order by fold, epoch")
                .param("job", id).params(fold == null ? Map.of() : Map.of("fold", fold))
                .query(JobService::epochView)
                .list();
    }

    /**
     * One look of an event stream, in one transaction rather than one per read (its end's look is on the path from a
     * job's finishedAt to its client learning of it): the job, how many epochs it has stored over all its runs, and,
     * when that count differs from {@code knownEpochs}, the epochs after {@code lastEpochByFold} (the last epoch the
     * stream has of each fold; none yet: all of it) in fold and epoch order. A stream follows a job for its whole
     * life, so a look reads what is new, not the whole history again: read whole, a job of n epochs cost its stream
     * O(n²) rows over its life, beside the training (a 20,000-epoch job trained 25 % slower followed than not; 4 %
     * now: bench/RESULTS.md, event streams).
     */
    @Transactional(readOnly = true)
    Look look(UUID id, long knownEpochs, Map<Integer, Integer> lastEpochByFold) {
        JobView job = view(find(id));
        List<StoredEpochs> folds = jdbc.sql("""
                select fold, count(*), max(epoch) from job_epoch where job_id = :job group by fold order by fold""")
                .param("job", id)
                .query((rs, n) -> new StoredEpochs(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .list();
        long stored = folds.stream().mapToLong(StoredEpochs::count).sum();
        List<EpochView> news = new ArrayList<>();
        if (stored != knownEpochs) {
            for (StoredEpochs f : folds) {
                int after = lastEpochByFold.getOrDefault(f.fold(), 0);
                if (f.last() > after) {
                    news.addAll(jdbc.sql("select " + EPOCH_COLUMNS + " from job_epoch"
                                    + " where job_id = :job and fold = :fold and epoch > :after order by epoch")
                            .param("job", id).param("fold", f.fold()).param("after", after)
                            .query(JobService::epochView)
                            .list());
                }
            }
        }
        return new Look(job, stored, news);
    }

    /** A fold's stored epochs: how many, and the last. */
    private record StoredEpochs(int fold, int count, int last) {
    }

    /** What {@link #epochView} reads, in its order. */
    private static final String EPOCH_COLUMNS = "fold, epoch, train_loss, validation_loss, train_accuracy, "
            + "validation_accuracy, learning_rate, gradient_norm, seconds";

    private static EpochView epochView(ResultSet rs, int row) throws SQLException {
        return new EpochView(rs.getInt(1), rs.getInt(2), rs.getObject(3, Double.class), rs.getObject(4, Double.class),
                rs.getObject(5, Double.class), rs.getObject(6, Double.class), rs.getObject(7, Double.class),
                rs.getObject(8, Double.class), rs.getObject(9, Double.class));
    }

    record Look(JobView job, long epochCount, List<EpochView> epochs) {
    }

    @Transactional(readOnly = true)
    public FoldsView folds(UUID id) {
        Job job = find(id);
        if (!job.isKFold()) {
            throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "Not Found",
                    "Job " + id + " is a holdout job: it has no folds (submit validation.folds ≥ 2 for k-fold)", null);
        }
        List<FoldsView.Fold> folds = runs.findByJobIdOrderByFoldAsc(id).stream()
                .filter(r -> r.getFold() > 0)
                .map(r -> {
                    JobResult res = r.getResultJson() == null ? null : json.readValue(r.getResultJson(), JobResult.class);
                    return new FoldsView.Fold(r.getFold(), r.getTrainRows(), r.getValidationRows(),
                            res == null ? null : res.bestEpoch(), res == null ? null : res.trainLoss(),
                            res == null ? null : res.validationLoss(), res == null ? null : res.validationAccuracy(),
                            r.getStatus());
                })
                .toList();
        FoldsView.Summary summary = new FoldsView.Summary(
                FoldsView.Stat.of(folds.stream().filter(f -> f.status() == JobStatus.SUCCEEDED).map(FoldsView.Fold::validationLoss).toList()),
                FoldsView.Stat.of(folds.stream().filter(f -> f.status() == JobStatus.SUCCEEDED).map(FoldsView.Fold::validationAccuracy).toList()));
        return new FoldsView(folds, summary);
    }

    /** The zip of the job's model: fold 0, which is the holdout run or the refit. */
    @Transactional(readOnly = true)
    public byte[] model(UUID id) {
        Job job = find(id);
        if (job.getStatus() != JobStatus.SUCCEEDED) {
            throw ApiException.conflict("Job " + id + " is " + job.getStatus() + "; a model exists once it has SUCCEEDED");
        }
        return runs.findModel(id, 0).orElseThrow(() -> ApiException.conflict(
                "Job " + id + " is a k-fold job without refit: it has one model per fold and no final model; "
                        + "submit it with validation.refit = true to get one"));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean inUseByActiveJob(UUID datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId, ACTIVE) || jobs.existsByTestDatasetIdAndStatusIn(datasetId, ACTIVE);
    }

    Job find(UUID id) {
        return jobs.findById(id).orElseThrow(() -> ApiException.notFound("Job", id));
    }

    JobView view(Job job) {
        return view(job, json.readValue(job.getSpecJson(), TrainingSpec.class));
    }

    /** {@link #view(Job)} for a caller that holds the job's spec already. */
    private JobView view(Job job, TrainingSpec spec) {
        int folds = job.getFoldCount();
        JobView.Progress progress = new JobView.Progress(job.getProgressEpoch(), spec.epochs(), job.getProgressFold(),
                folds, job.getProgressFraction());
        JobResult result = job.getStatus() == JobStatus.SUCCEEDED && job.getResultJson() != null
                ? json.readValue(job.getResultJson(), JobResult.class) : null;
        JobView.JobError error = job.getStatus() == JobStatus.FAILED
                ? new JobView.JobError(job.getErrorMessage()) : null;
        return new JobView(job.getId(), job.getName(), job.getStatus(), spec, job.getDatasetId(), job.getExperimentId(),
                job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt(), progress, result, error);
    }
}
