package io.descent.analysis;

import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.descent.job.JobArtifacts;
import io.descent.job.JobStatus;
import io.descent.job.JobView;
import io.descent.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests and reads analyses. Requests are idempotent: an analysis that is queued or done is not queued again;
 * a failed one is queued again only when asked to retry.
 */
@Service
class AnalysisService implements CriticalPoints {

    private final AnalysisStore store;
    private final JobArtifacts artifacts;
    private final ObjectProvider<Scheduler> scheduler;
    private final JsonMapper json;

    AnalysisService(AnalysisStore store, JobArtifacts artifacts, ObjectProvider<Scheduler> scheduler, JsonMapper json) {
        this.store = store;
        this.artifacts = artifacts;
        this.scheduler = scheduler;
        this.json = json;
    }

    /**
     * The stored analysis, or empty after queueing it (404 unknown job, 409 no final model, 409 a failed analysis
     * when {@code retry} is false).
     */
    <T> Optional<T> request(UUID jobId, String kind, Class<T> type, boolean retry) {
        requireFinalModel(jobId, kind);
        Optional<AnalysisStore.Stored> stored = store.find(jobId, kind);
        if (stored.isPresent() && stored.get().status() == AnalysisStore.Status.SUCCEEDED) {
            return Optional.of(json.readValue(stored.get().resultJson(), type));
        }
        if (stored.isPresent() && stored.get().status() == AnalysisStore.Status.FAILED && !retry) {
            throw ApiException.conflict(stored.get().error() + " (POST /api/v1/jobs/" + jobId + "/" + kind
                    + " to try again)");
        }
        store.request(jobId, kind);
        AnalysisTasks.schedule(scheduler, kind, jobId);
        return Optional.empty();
    }

    /** The stored analysis; empty while queued. 404 when it was never requested, 409 when it failed. */
    <T> Optional<T> get(UUID jobId, String kind, Class<T> type) {
        artifacts.view(jobId);
        AnalysisStore.Stored stored = store.find(jobId, kind).orElseThrow(() -> new ApiException(
                org.springframework.http.HttpStatus.NOT_FOUND, "Not Found", "no " + kind
                        + " analysis was requested for job " + jobId + "; POST /api/v1/jobs/" + jobId + "/" + kind
                        + " to start one", null));
        return switch (stored.status()) {
            case SUCCEEDED -> Optional.of(json.readValue(stored.resultJson(), type));
            case QUEUED -> {
                // Heals a request whose task was lost between storing it and scheduling it.
                AnalysisTasks.schedule(scheduler, kind, jobId);
                yield Optional.empty();
            }
            case FAILED -> throw ApiException.conflict(stored.error() + " (POST /api/v1/jobs/" + jobId + "/" + kind
                    + " to try again)");
        };
    }

    @Override
    public Optional<Double> sharpness(UUID jobId) {
        return store.find(jobId, AnalysisTasks.CRITICAL_POINT)
                .filter(s -> s.status() == AnalysisStore.Status.SUCCEEDED)
                .map(s -> json.readValue(s.resultJson(), CriticalPointAnalysis.class).maxEigenvalue());
    }

    @Override
    public void request(UUID jobId) {
        JobView job;
        try {
            job = artifacts.view(jobId);
        } catch (ApiException e) {
            return;
        }
        if (hasFinalModel(job) && store.find(jobId, AnalysisTasks.CRITICAL_POINT)
                .map(s -> s.status() != AnalysisStore.Status.FAILED).orElse(true)) {
            // A failed analysis is not retried from here: a caller polling for sharpness would re-run it forever.
            request(jobId, AnalysisTasks.CRITICAL_POINT, CriticalPointAnalysis.class, false);
        }
    }

    private void requireFinalModel(UUID jobId, String kind) {
        JobView job = artifacts.view(jobId);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw ApiException.conflict("Job " + jobId + " is " + job.status() + "; the " + kind
                    + " analysis needs a job that has SUCCEEDED");
        }
        if (!hasFinalModel(job)) {
            throw ApiException.conflict("Job " + jobId + " is a k-fold job without refit: it has no final model to "
                    + "analyse; submit it with validation.refit = true");
        }
    }

    private static boolean hasFinalModel(JobView job) {
        return job.status() == JobStatus.SUCCEEDED
                && (!job.spec().validation().isKFold() || Boolean.TRUE.equals(job.spec().validation().refit()));
    }
}
