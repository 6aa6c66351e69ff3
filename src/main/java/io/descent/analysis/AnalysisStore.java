package io.descent.analysis;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code job_analysis} table: one row per job and kind of analysis. Each statement commits on its own; the
 * queue is idempotent, so a crash between storing a request and scheduling its task is healed by the next request.
 */
@Component
class AnalysisStore {

    enum Status { QUEUED, SUCCEEDED, FAILED }

    record Stored(Status status, String resultJson, String error) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AnalysisStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Stored> find(UUID jobId, String kind) {
        return jdbc.sql("select status, result_json, error_message from job_analysis where job_id = :job and kind = :kind")
                .param("job", jobId).param("kind", kind)
                .query((rs, i) -> new Stored(Status.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** Marks the analysis QUEUED unless it is queued or done already; a FAILED one is queued again. */
    void request(UUID jobId, String kind) {
        OffsetDateTime now = now();
        int updated = jdbc.sql("""
                update job_analysis set status = 'QUEUED', error_message = null, requested_at = :now, finished_at = null
                where job_id = :job and kind = :kind and status = 'FAILED'""")
                .param("job", jobId).param("kind", kind).param("now", now).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into job_analysis (job_id, kind, status, requested_at)
                    select :job, :kind, 'QUEUED', :now
                    where not exists (select 1 from job_analysis where job_id = :job and kind = :kind)""")
                    .param("job", jobId).param("kind", kind).param("now", now).update();
        }
    }

    void succeed(UUID jobId, String kind, String json) {
        jdbc.sql("""
                update job_analysis set status = 'SUCCEEDED', result_json = :json, error_message = null, finished_at = :now
                where job_id = :job and kind = :kind""")
                .param("job", jobId).param("kind", kind).param("json", json).param("now", now()).update();
    }

    void fail(UUID jobId, String kind, String message) {
        String m = message == null ? "unknown error" : message.length() > 4000 ? message.substring(0, 4000) : message;
        jdbc.sql("""
                update job_analysis set status = 'FAILED', error_message = :message, finished_at = :now
                where job_id = :job and kind = :kind""")
                .param("job", jobId).param("kind", kind).param("message", m).param("now", now()).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
