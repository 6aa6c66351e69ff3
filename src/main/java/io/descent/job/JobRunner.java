package io.descent.job;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;
import io.descent.training.Checkpoint;
import io.descent.training.EpochStats;
import io.descent.training.Splits;
import io.descent.training.Trainer;
import io.descent.training.TrainingDivergedException;
import io.descent.training.TrainingOutcome;
import io.descent.training.TrainingRun;
import io.descent.training.TrainingSpec;
import io.descent.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains one run of a job, on whichever node db-scheduler gave it to: loads the data, derives the run's rows
 * from the seed (so every node derives the same split), resumes from the last checkpoint if there is one, and
 * stores each epoch as it ends. Failures become a FAILED job with a message a user can act on.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final JobRepository jobs;
    private final JobProgress progress;
    private final DatasetCatalog datasets;
    private final Trainer trainer;
    private final CancellationRegistry cancellations;
    private final JsonMapper json;
    private final JobsProperties properties;
    private final AtomicReference<UUID> current = new AtomicReference<>();
    /**
     * The dataset the last run decoded. Consecutive runs mostly train on the same one (the folds and refit of a
     * k-fold job, an experiment's jobs, a sweep), and a dataset's rows never change after upload; the existence
     * check keeps a deleted one from training.
     */
    private volatile DatasetTable lastLoaded;
    /** Stores epochs beside the training thread (one training per process, so one writer). */
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "epoch-writer");
        t.setDaemon(true);
        return t;
    });

    private final TrainingThread trainingThread = new TrainingThread();

    JobRunner(JobRepository jobs, JobProgress progress, DatasetCatalog datasets, Trainer trainer,
            CancellationRegistry cancellations, JsonMapper json, JobsProperties properties) {
        this.jobs = jobs;
        this.progress = progress;
        this.datasets = datasets;
        this.trainer = trainer;
        this.cancellations = cancellations;
        this.json = json;
        this.properties = properties;
    }

    void run(TrainingQueue.RunRef ref) {
        UUID jobId = ref.jobId();
        int fold = ref.fold();
        JobProgress.RunStart run = progress.runStart(jobId, fold).orElse(null);
        if (run == null || run.jobStatus().isFinished() || run.runStatus().isFinished()) {
            return;
        }
        current.set(jobId);
        long began = System.nanoTime();
        long cpuBegan = CPU.getCurrentThreadCpuTime();
        double queued = Duration.between(run.createdAt(), Instant.now()).toNanos() / 1e9;
        try {
            TrainingSpec spec = json.readValue(run.specJson(), TrainingSpec.class);
            DatasetTable data = load(run.datasetId(), "dataset");
            DatasetTable test = run.testDatasetId() == null ? null : load(run.testDatasetId(), "test dataset");
            Splits.Split split = split(spec, data, fold);
            if (!progress.start(jobId, fold, split.trainRows().length, split.validationRows().length)) {
                return;
            }
            // A checkpoint is stored with epoch rows only, so a run that stored none has none to look up.
            Checkpoint resume = run.epochsDone() == 0 ? null
                    : progress.checkpoint(jobId, fold).map(Checkpoint::fromBytes).orElse(null);
            if (resume != null) {
                log.info("Job {} fold {} resumes after epoch {}", jobId, fold, resume.epoch());
            }
            TrainingRun training = new TrainingRun(spec, data, split.trainRows(), split.validationRows(), test, resume,
                    run.kFold() && fold == 0 ? run.epochsPlanned() : null,
                    () -> cancellations.isRequested(jobId));
            long trainingFrom = System.nanoTime();
            EpochWriter epochs = new EpochWriter(progress, writer, jobId, fold, run.epochsDone(), properties);
            TrainingThread.Ran<TrainingOutcome> trained;
            try {
                trained = trainingThread.run(() -> trainer.train(training, epochs));
            } catch (RuntimeException | Error e) {
                // Whatever ends the training, its stored epochs are complete before the run's end is written;
                // a failed write after a failed training is not the news.
                drainQuietly(epochs);
                throw e;
            }
            TrainingOutcome outcome = trained.result();
            long finishingFrom = System.nanoTime();
            // The epochs not stored yet go in the same transaction as the run's end.
            List<EpochStats> rest = epochs.finish();
            long drained = System.nanoTime();
            if (outcome.cancelled()) {
                progress.cancelled(jobId, fold, rest);
            } else {
                progress.finishRun(jobId, fold, outcome, rest);
            }
            long end = System.nanoTime();
            // Where a run's time went, for operators and bench/run.sh: the service's cost around the training loop.
            // cpu_s is the run's CPU time (this thread's and the training thread's): far below the wall time means it
            // waited for a core; training_wait_s and training_preempted say how long and how often the training
            // thread did, training_minflt how many pages it touched first (Linux only, else -1). finish_s is drain_s
            // (waiting for a write of the epoch writer under way) plus storing the run's end.
            log.info("Job {} fold {} took queued_s={} setup_s={} train_s={} epochs_s={} finish_s={} drain_s={} "
                    + "cpu_s={} training_wait_s={} training_preempted={} training_minflt={}",
                    jobId, fold, seconds(queued), seconds((trainingFrom - began) / 1e9),
                    seconds((finishingFrom - trainingFrom) / 1e9), seconds(outcome.trainingSeconds()),
                    seconds((end - finishingFrom) / 1e9), seconds((drained - finishingFrom) / 1e9),
                    seconds((CPU.getCurrentThreadCpuTime() - cpuBegan + trained.use().cpuNanos()) / 1e9),
                    trained.use().waitNanos() < 0 ? "-1" : seconds(trained.use().waitNanos() / 1e9),
                    trained.use().preempted(), trained.use().minorFaults());
        } catch (TrainingDivergedException | ApiException e) {
            // Both carry a message written for the user ("lower the learning rate", "upload it again").
            progress.fail(jobId, fold, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("Job {} fold {} failed", jobId, fold, e);
            progress.fail(jobId, fold, "training failed: " + e.getMessage()
                    + "; if the spec and data look right, report this with the job id");
        } finally {
            current.set(null);
            cancellations.clear(jobId);
        }
    }

    private static void drainQuietly(EpochWriter epochs) {
        try {
            epochs.drain();
        } catch (RuntimeException ignored) {
            // The training's own failure is what the run reports.
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
        trainingThread.close();
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.4f", s);
    }

    private DatasetTable load(UUID id, String what) {
        DatasetTable cached = lastLoaded;
        if (cached != null && cached.id().equals(id) && datasets.exists(id)) {
            return cached;
        }
        try {
            DatasetTable table = datasets.load(id);
            lastLoaded = table;
            return table;
        } catch (ApiException e) {
            throw ApiException.conflict("the " + what + " " + id + " no longer exists; upload it again and resubmit");
        }
    }

    /** The rows of one run: holdout for fold 0 of a holdout job, all rows for a refit, else fold k of k. */
    static Splits.Split split(TrainingSpec spec, DatasetTable data, int fold) {
        int[] classes = data.task() == Task.CLASSIFICATION ? Splits.classesOf(data.labels()) : null;
        TrainingSpec.ValidationSpec v = spec.validation();
        if (!v.isKFold()) {
            return Splits.holdout(data.rows(), classes, v.holdout(), spec.seed());
        }
        if (fold == 0) {
            return new Splits.Split(IntStream.range(0, data.rows()).toArray(), new int[0]);
        }
        List<Splits.Split> folds = Splits.kFold(data.rows(), Boolean.TRUE.equals(v.stratified()) ? classes : null,
                v.folds(), spec.seed());
        return folds.get(fold - 1);
    }

    /** A cancel that arrived on another node reaches the training loop on this one within a second. */
    @Scheduled(fixedDelay = 1000)
    void pollRemoteCancellation() {
        UUID jobId = current.get();
        if (jobId != null && !cancellations.isRequested(jobId)
                && !jobs.findByIdInAndCancelRequestedTrue(List.of(jobId)).isEmpty()) {
            cancellations.request(jobId);
        }
    }
}
