package io.descent.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.descent.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The batch-size experiment of the course (mini-batch against full batch from the same start) with the real
 * Hessian analysis behind it: reading the experiment queues each finished job's critical-point analysis, and the
 * comparison then shows both jobs' sharpness, the largest Hessian eigenvalue at their final parameters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:experimentsharpness;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=false"})
class ExperimentSharpnessTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @AfterEach
    void cleanUp() throws Exception {
        api.cancelLeftovers();
    }

    @Test
    void miniBatchAndFullBatchJobsBothReportSharpness() throws Exception {
        String digits = api.upload("digits-sharpness", Api.digitsCsv(25));
        // 100 rows, 20 % held out: 80 training rows, so batch 80 is full-batch gradient descent. A linear model
        // keeps the finite-difference Hessian free of ReLU kinks.
        JsonNode created = Api.JSON.readTree(api.send("POST", "/api/v1/experiments", """
                {"name": "batch size, real sharpness", "base": {"datasetId": "%s", "model": {"type": "linear"},
                  "optimizer": {"type": "sgd", "learningRate": 0.05}, "epochs": 15, "seed": 3},
                 "vary": {"batchSize": [16, 80]}}""".formatted(digits)).body());
        String id = created.get("id").asText();
        List<String> jobIds = created.get("jobIds").valueStream().map(JsonNode::asText).toList();
        assertThat(jobIds).hasSize(2);

        Api.await(() -> api.getJson("/api/v1/experiments/" + id).get("comparison").findValues("sharpness").stream()
                .allMatch(JsonNode::isNumber), "sharpness of both jobs");
        JsonNode done = api.getJson("/api/v1/experiments/" + id);
        for (JsonNode row : done.get("comparison")) {
            String jobId = row.get("jobId").asText();
            JsonNode analysis = api.getJson("/api/v1/jobs/" + jobId + "/critical-point");
            assertThat(row.get("sharpness").asDouble()).isPositive().isEqualTo(analysis.get("maxEigenvalue").asDouble());
        }
    }
}
