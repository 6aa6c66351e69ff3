package io.descent.job;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Cancellation requests that a training loop on this node checks before every batch. A request made on another
 * node reaches this one through the job row's cancel flag, which {@link JobRunner} polls.
 */
@Component
class CancellationRegistry {

    private final Set<UUID> requested = ConcurrentHashMap.newKeySet();

    void request(UUID jobId) {
        requested.add(jobId);
    }

    boolean isRequested(UUID jobId) {
        return requested.contains(jobId);
    }

    void clear(UUID jobId) {
        requested.remove(jobId);
    }
}
