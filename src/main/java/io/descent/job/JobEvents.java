package io.descent.job;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for a job. Followers read the database rather than in-process callbacks, because the
 * run may be training on another node: one timer looks every {@code descent.jobs.events-poll-interval} for new
 * epochs and status changes. A change this node commits ({@link JobChanged}: a status, stored epochs) makes the timer
 * look at once, so a client following a job trained here sees its epochs and its end as they are stored, not up to
 * one interval later.
 */
@Component
class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final long TIMEOUT_MS = 6 * 60 * 60 * 1000L;

    private final JobService jobs;
    private final Map<SseEmitter, Follower> followers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-events");
        t.setDaemon(true);
        return t;
    });

    JobEvents(JobService jobs, JobsProperties properties) {
        this.jobs = jobs;
        long poll = Math.max(1, properties.eventsPollInterval().toMillis());
        timer.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** After the commit of a change to the job (or at once outside a transaction), its followers look. */
    @TransactionalEventListener(fallbackExecution = true)
    void onChange(JobChanged change) {
        try {
            timer.execute(() -> followers.forEach((emitter, f) -> {
                if (f.jobId.equals(change.jobId())) {
                    push(emitter, f);
                }
            }));
        } catch (RejectedExecutionException stopping) {
            // The service is shutting down: its streams are being completed.
        }
    }

    int followerCount() {
        return followers.size();
    }

    /**
     * What one client has been sent. Epochs are tracked per fold, not by position in the history: folds write
     * concurrently on several nodes and a refit (fold 0) sorts before the folds it follows, so new epochs do not
     * only appear at the end of the fold-ordered list.
     */
    private static final class Follower {
        final UUID jobId;
        final Map<Integer, Integer> lastEpochByFold = new java.util.HashMap<>();
        long sentEpochs = -1;
        JobStatus lastStatus;

        Follower(UUID jobId) {
            this.jobId = jobId;
        }
    }

    SseEmitter follow(UUID jobId) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Follower f = new Follower(jobId);
        emitter.onCompletion(() -> followers.remove(emitter));
        emitter.onTimeout(() -> followers.remove(emitter));
        emitter.onError(e -> followers.remove(emitter));
        followers.put(emitter, f);
        timer.execute(() -> push(emitter, f));
        return emitter;
    }

    private void tick() {
        followers.forEach(this::push);
    }

    private void push(SseEmitter emitter, Follower f) {
        synchronized (f) {
            try {
                JobService.Look look = jobs.look(f.jobId, f.sentEpochs, f.lastEpochByFold);
                JobView job = look.job();
                // One write and one flush per look, whatever it holds: a look at a job's end can carry dozens of
                // epochs, and a flush each woke the client (and took a core from a training beside it) as often.
                Set<ResponseBodyEmitter.DataWithMediaType> events = new LinkedHashSet<>();
                // The final status goes out after the last epochs, so a client that stops at it has them all.
                if (job.status() != f.lastStatus && !job.status().isFinished()) {
                    events.addAll(event("status", statusOf(job)));
                    f.lastStatus = job.status();
                }
                // The look holds only epochs after those sent, and none when their count has not changed.
                for (EpochView e : look.epochs()) {
                    if (e.epoch() > f.lastEpochByFold.getOrDefault(e.fold(), 0)) {
                        events.addAll(event("epoch", e));
                        f.lastEpochByFold.put(e.fold(), e.epoch());
                    }
                }
                f.sentEpochs = look.epochCount();
                boolean finished = job.status().isFinished();
                if (finished) {
                    events.addAll(event("status", statusOf(job)));
                }
                if (!events.isEmpty()) {
                    emitter.send(events);
                }
                if (finished) {
                    followers.remove(emitter);
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                followers.remove(emitter);
            } catch (RuntimeException e) {
                log.debug("event stream for job {} ended", f.jobId, e);
                followers.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    private static Map<String, Object> statusOf(JobView job) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", job.id());
        m.put("status", job.status());
        m.put("progress", job.progress());
        m.put("result", job.result());
        m.put("error", job.error());
        return m;
    }

    /** One server-sent event: its lines, as the emitter writes them. */
    private static Set<ResponseBodyEmitter.DataWithMediaType> event(String name, Object data) {
        return SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON).build();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        followers.keySet().forEach(SseEmitter::complete);
    }
}
