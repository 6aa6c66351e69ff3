package io.descent.analysis;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.descent.job.JobArtifacts;
import io.descent.training.LossFunction;
import io.descent.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one queued analysis inside its scheduled task and stores the outcome. A task for an analysis that is no
 * longer QUEUED (a duplicate execution, or one finished meanwhile) does nothing. Failures are stored with a
 * message a user can act on; the task itself always completes.
 */
@Component
class AnalysisRunner {

    private static final Logger log = LoggerFactory.getLogger(AnalysisRunner.class);

    private final AnalysisStore store;
    private final JobArtifacts artifacts;
    private final Diagnostician diagnostician;
    private final JsonMapper json;

    AnalysisRunner(AnalysisStore store, JobArtifacts artifacts, Diagnostician diagnostician, JsonMapper json) {
        this.store = store;
        this.artifacts = artifacts;
        this.diagnostician = diagnostician;
        this.json = json;
    }

    void criticalPoint(UUID jobId) {
        run(jobId, AnalysisTasks.CRITICAL_POINT, () -> {
            JobArtifacts.TrainedJob job = artifacts.load(jobId);
            LossFunction f = LossFunction.of(job.model(), job.data(), job.trainRows());
            return CriticalPointAnalyzer.analyze(f::loss, f::gradient, job.model().parameters());
        });
    }

    void diagnosis(UUID jobId) {
        run(jobId, AnalysisTasks.DIAGNOSIS, () -> diagnostician.diagnose(artifacts.load(jobId)));
    }

    private void run(UUID jobId, String kind, java.util.function.Supplier<Object> analysis) {
        if (store.find(jobId, kind).map(s -> s.status() != AnalysisStore.Status.QUEUED).orElse(true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            String result = json.writeValueAsString(analysis.get());
            store.succeed(jobId, kind, result);
            log.info("Job {}: {} analysis took {} s: {}", jobId, kind,
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9), result);
        } catch (ApiException e) {
            store.fail(jobId, kind, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("Job {}: {} analysis failed", jobId, kind, e);
            store.fail(jobId, kind, "the " + kind + " analysis failed: " + e.getMessage()
                    + "; request it again, and report it with the job id if it fails again");
        }
    }
}
