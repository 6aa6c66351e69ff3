package io.descent.job;

import java.util.UUID;

/**
 * Published in the transaction that changes a job's status or stores its epochs, so that its event streams on this
 * node look once it commits.
 */
record JobChanged(UUID jobId) {
}
