package io.descent.job;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetTable;
import io.descent.training.Splits;
import io.descent.training.TrainedModel;
import io.descent.training.TrainingSpec;

/**
 * What other features (analysis, experiments) read of a finished job: its spec, its data and the rows it
 * trained and validated on (derived from the seed exactly as the run derived them), its model and its history.
 */
@Component
public class JobArtifacts {

    private final JobService jobs;
    private final JobModels models;
    private final DatasetCatalog datasets;

    JobArtifacts(JobService jobs, JobModels models, DatasetCatalog datasets) {
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
    }

    /**
     * A succeeded job's final model (fold 0: the holdout run or the refit) with its data.
     *
     * @param trainRows      the rows the model was trained on (all rows for a refit)
     * @param validationRows the rows held out from it (empty for a refit)
     * @param test           the test dataset, or null
     */
    public record TrainedJob(JobView job, TrainingSpec spec, DatasetTable data, int[] trainRows, int[] validationRows,
            DatasetTable test, TrainedModel model, List<EpochView> epochs) {
    }

    /** 404 for an unknown id, 409 while the job has no final model (not SUCCEEDED, or k-fold without refit). */
    @Transactional(readOnly = true)
    public TrainedJob load(UUID jobId) {
        JobView job = jobs.get(jobId);
        TrainedModel model = models.model(jobId);
        DatasetTable data = datasets.load(job.datasetId());
        Splits.Split split = JobRunner.split(job.spec(), data, 0);
        DatasetTable test = job.spec().testDatasetId() == null || !datasets.exists(job.spec().testDatasetId()) ? null
                : datasets.load(job.spec().testDatasetId());
        return new TrainedJob(job, job.spec(), data, split.trainRows(), split.validationRows(), test, model,
                jobs.epochs(jobId, null));
    }

    /** The job as the API shows it (404 for an unknown id). */
    public JobView view(UUID jobId) {
        return jobs.get(jobId);
    }

    /** Per-epoch history, oldest first; {@code fold} null for all runs. */
    public List<EpochView> epochs(UUID jobId, Integer fold) {
        return jobs.epochs(jobId, fold);
    }
}
