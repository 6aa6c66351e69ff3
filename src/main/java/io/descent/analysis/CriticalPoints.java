package io.descent.analysis;

import java.util.Optional;
import java.util.UUID;

/**
 * The Hessian analysis of a trained job, for features that compare jobs (experiments). Sharpness is the largest
 * Hessian eigenvalue of the training loss at the final parameters.
 */
public interface CriticalPoints {

    /** The sharpness once the job's analysis has finished; empty before (or when the job has no model). */
    Optional<Double> sharpness(UUID jobId);

    /** Queues the job's analysis unless it is done or queued already; a no-op for a job without a final model. */
    void request(UUID jobId);
}
