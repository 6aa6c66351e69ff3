package io.descent.job;

import java.util.UUID;

/** Published in the transaction that changes a job's status, so that its event streams look once it commits. */
record JobChanged(UUID jobId) {
}
