package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.descent.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * A submitted job starts as soon as its transaction commits, not at the scheduler's next poll, set here to an hour:
 * the submission wakes the scheduler after the commit (db-scheduler's own immediate check, made inside the
 * submitting transaction, could not see the run yet and is turned off). The second job, queued while the first
 * trains, starts when the first ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:jobpickup;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=false",
        "db-scheduler.polling-interval=1h"})
class JobPickupTest {

    @LocalServerPort
    int port;

    @Test
    void submittedJobsStartWithoutWaitingForThePoll() throws Exception {
        Api api = new Api(port);
        String data = api.upload("pickup", Api.digitsCsv(10));
        String spec = """
                {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8}]}, "batchSize": 16,
                 "epochs": 3, "seed": 1}""".formatted(data);
        String first = Api.JSON.readTree(api.send("POST", "/api/v1/jobs", spec).body()).get("id").asText();
        String second = Api.JSON.readTree(api.send("POST", "/api/v1/jobs", spec).body()).get("id").asText();

        for (String id : new String[] {first, second}) {
            JsonNode done = awaitFinished(api, id, Duration.ofSeconds(60));
            assertThat(done.get("status").asText()).as(id).isEqualTo("SUCCEEDED");
        }
        JsonNode a = api.getJson("/api/v1/jobs/" + first);
        JsonNode b = api.getJson("/api/v1/jobs/" + second);
        assertThat(Duration.between(Instant.parse(a.get("createdAt").asText()), Instant.parse(a.get("startedAt").asText())))
                .isLessThan(Duration.ofSeconds(10));
        // The second waited for the first's training, not for a poll.
        assertThat(Duration.between(Instant.parse(a.get("finishedAt").asText()), Instant.parse(b.get("startedAt").asText())))
                .isLessThan(Duration.ofSeconds(10));
    }

    private static JsonNode awaitFinished(Api api, String id, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            JsonNode job = api.getJson("/api/v1/jobs/" + id);
            if (job.get("finishedAt") != null && !job.get("finishedAt").isNull()) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish within " + within + ": it waited for the poll");
    }
}
