package io.descent.experiment;

import static io.descent.support.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.descent.analysis.CriticalPoints;
import io.descent.job.JobArtifacts;
import io.descent.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * Experiments end to end over HTTP: jobs train for real on a digits-like dataset uploaded through the API.
 * The Hessian analysis lives on another branch, so a recording stand-in plays {@link CriticalPoints} here; it is
 * {@code @Primary} so that the test keeps working, and keeps testing the experiment's side, once the real one lands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:experimentflow;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=true"})
class ExperimentFlowTest {

    /** Records every request with the job's status at that moment, and answers a sharpness once requested. */
    static class RecordingCriticalPoints implements CriticalPoints {
        final Map<UUID, Double> values = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final ObjectProvider<JobArtifacts> jobs;

        RecordingCriticalPoints(ObjectProvider<JobArtifacts> jobs) {
            this.jobs = jobs;
        }

        @Override
        public Optional<Double> sharpness(UUID jobId) {
            return Optional.ofNullable(values.get(jobId));
        }

        @Override
        public void request(UUID jobId) {
            requests.add(jobId + " " + jobs.getObject().view(jobId).status());
            values.computeIfAbsent(jobId, id -> 10.0 + values.size());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Analysis {
        @Bean
        @Primary
        RecordingCriticalPoints recordingCriticalPoints(ObjectProvider<JobArtifacts> jobs) {
            return new RecordingCriticalPoints(jobs);
        }
    }

    static final List<String> OPTIMIZERS = List.of(
            "{\"type\": \"sgd\", \"learningRate\": 0.1}",
            "{\"type\": \"momentum\", \"learningRate\": 0.05}",
            "{\"type\": \"adagrad\", \"learningRate\": 0.05}",
            "{\"type\": \"rmsprop\", \"learningRate\": 0.005}",
            "{\"type\": \"adam\", \"learningRate\": 0.01}");

    @LocalServerPort
    int port;
    @Autowired
    JobArtifacts artifacts;
    @Autowired
    RecordingCriticalPoints analysis;

    Api api;
    static String digits;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        if (digits == null) {
            digits = api.upload("digits-like", Api.digitsCsv(50));
        }
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        api.cancelLeftovers();
    }

    @Test
    void optimizerExperimentTrainsEveryOptimizerOnTheSameSplitAndDrawsEachCurve() throws Exception {
        HttpResponse<String> posted = api.send("POST", "/api/v1/experiments", """
                {"name": "optimizers", "base": {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 16}]},
                  "batchSize": 32, "epochs": 8, "seed": 7},
                 "vary": {"optimizer": [%s]}}""".formatted(digits, String.join(", ", OPTIMIZERS)));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode created = JSON.readTree(posted.body());
        String id = created.get("id").asText();
        assertThat(posted.headers().firstValue("Location")).hasValue("/api/v1/experiments/" + id);
        assertThat(created.get("name").asText()).isEqualTo("optimizers");
        assertThat(created.get("status").asText()).isEqualTo("RUNNING");
        assertThat(created.get("seed").asLong()).isEqualTo(7);
        assertThat(created.get("jobIds").size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            JsonNode row = created.get("comparison").get(i);
            assertThat(row.get("jobId").asText()).isEqualTo(created.get("jobIds").get(i).asText());
            assertThat(row.get("varied").properties()).hasSize(1);
            assertThat(row.get("varied").get("optimizer")).isEqualTo(JSON.readTree(OPTIMIZERS.get(i)));
        }

        Api.await(() -> api.getJson("/api/v1/experiments/" + id).get("status").asText().equals("FINISHED"),
                "experiment to finish");
        JsonNode done = api.getJson("/api/v1/experiments/" + id);
        Set<Double> finalLosses = new HashSet<>();
        List<int[]> trainSplits = new ArrayList<>();
        List<int[]> validationSplits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode row = done.get("comparison").get(i);
            String jobId = row.get("jobId").asText();
            assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCEEDED");
            JsonNode job = api.getJson("/api/v1/jobs/" + jobId);
            assertThat(job.get("experimentId").asText()).isEqualTo(id);
            assertThat(job.get("spec").get("seed").asLong()).isEqualTo(7);
            assertThat(job.get("spec").get("optimizer").get("type").asText())
                    .isEqualTo(JSON.readTree(OPTIMIZERS.get(i)).get("type").asText());
            // The table's figures are those of the job's own epochs.
            JsonNode epochs = api.getJson("/api/v1/jobs/" + jobId + "/epochs");
            assertThat(epochs.size()).isEqualTo(8);
            double best = Double.MAX_VALUE;
            int bestEpoch = 0;
            for (JsonNode e : epochs) {
                if (e.get("validationLoss").asDouble() < best) {
                    best = e.get("validationLoss").asDouble();
                    bestEpoch = e.get("epoch").asInt();
                }
            }
            assertThat(row.get("bestValidationLoss").asDouble()).isEqualTo(best);
            assertThat(row.get("bestEpoch").asInt()).isEqualTo(bestEpoch);
            assertThat(row.get("finalTrainLoss").asDouble()).isEqualTo(epochs.get(7).get("trainLoss").asDouble());
            assertThat(row.get("trainingSeconds").asDouble())
                    .isEqualTo(job.get("result").get("trainingSeconds").asDouble());
            finalLosses.add(row.get("finalTrainLoss").asDouble());
            JobArtifacts.TrainedJob trained = artifacts.load(UUID.fromString(jobId));
            trainSplits.add(trained.trainRows());
            validationSplits.add(trained.validationRows());
        }
        // Same seed, same rows: only the optimizer differs, and it does make a difference.
        assertThat(trainSplits).allSatisfy(rows -> assertThat(rows).isEqualTo(trainSplits.get(0)));
        assertThat(validationSplits).allSatisfy(rows -> assertThat(rows).isEqualTo(validationSplits.get(0)));
        assertThat(validationSplits.get(0)).hasSize(40);
        assertThat(finalLosses).hasSize(5);

        HttpResponse<String> svg = api.send("GET", "/api/v1/experiments/" + id + "/loss-curves.svg", null);
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("image/svg+xml"));
        for (String label : List.of("sgd learningRate=0.1", "momentum learningRate=0.05", "adagrad learningRate=0.05",
                "rmsprop learningRate=0.005", "adam learningRate=0.01")) {
            assertThat(svg.body()).contains(label + " — training loss").contains(label + " — validation loss");
        }

        JsonNode list = api.getJson("/api/v1/experiments?size=100");
        assertThat(list.get("content").findValues("id").stream().map(JsonNode::asText).toList()).contains(id);
        assertThat(list.get("page").get("totalElements").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void batchSizeExperimentSharesADrawnSeedAndShowsEachJobsSharpness() throws Exception {
        // 200 rows, 20 % held out: 160 training rows, so 160 is full-batch gradient descent.
        JsonNode created = JSON.readTree(api.send("POST", "/api/v1/experiments", """
                {"name": "batch size", "base": {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8}]},
                  "optimizer": {"type": "sgd", "learningRate": 0.1}, "epochs": 6},
                 "vary": {"batchSize": [16, 160]}}""".formatted(digits)).body());
        String id = created.get("id").asText();
        long seed = created.get("seed").asLong();
        List<String> jobIds = created.get("jobIds").valueStream().map(JsonNode::asText).toList();
        assertThat(jobIds).hasSize(2);
        for (String jobId : jobIds) {
            assertThat(api.getJson("/api/v1/jobs/" + jobId).get("spec").get("seed").asLong()).isEqualTo(seed);
        }
        assertThat(api.getJson("/api/v1/jobs/" + jobIds.get(0)).get("spec").get("batchSize").asInt()).isEqualTo(16);
        assertThat(api.getJson("/api/v1/jobs/" + jobIds.get(1)).get("spec").get("batchSize").asInt()).isEqualTo(160);

        Api.await(() -> api.getJson("/api/v1/experiments/" + id).get("comparison").findValues("sharpness").stream()
                .allMatch(JsonNode::isNumber), "sharpness of both jobs");
        JsonNode done = api.getJson("/api/v1/experiments/" + id);
        assertThat(done.get("status").asText()).isEqualTo("FINISHED");
        for (int i = 0; i < 2; i++) {
            JsonNode row = done.get("comparison").get(i);
            String jobId = row.get("jobId").asText();
            assertThat(row.get("varied").get("batchSize").asInt()).isEqualTo(i == 0 ? 16 : 160);
            assertThat(row.get("sharpness").asDouble()).isEqualTo(analysis.values.get(UUID.fromString(jobId)));
            // Requested once per job, and only after the job had a final model to analyse.
            assertThat(analysis.requests).containsOnlyOnce(jobId + " SUCCEEDED");
            assertThat(analysis.requests).noneMatch(r -> r.startsWith(jobId) && !r.endsWith("SUCCEEDED"));
        }
    }

    @Test
    void invalidExperimentsAreRejectedNamingTheFieldAndCreateNothing() throws Exception {
        long experimentsBefore = api.getJson("/api/v1/experiments").get("page").get("totalElements").asLong();
        long jobsBefore = api.getJson("/api/v1/jobs").get("page").get("totalElements").asLong();
        String base = "{\"datasetId\": \"" + digits + "\", \"epochs\": 2}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"base\": %s, \"vary\": {\"learningRate\": [0.1]}}", "vary.learningRate");
        cases.put("{\"base\": %s, \"vary\": {\"seed\": [1, 2]}}", "vary.seed");
        cases.put("{\"base\": %s, \"vary\": {\"batchSize\": []}}", "vary.batchSize");
        cases.put("{\"base\": %s, \"vary\": {}}", "vary");
        cases.put("{\"base\": %s, \"vary\": {\"batchSize\": [1, 2, 3, 4, 5, 6, 7, 8, 9], \"epochs\": [1, 2, 3, 4, 5, 6, 7, 8]}}", "vary");
        cases.put("{\"base\": %s, \"vary\": {\"batchSize\": [16, \"many\"]}}", "vary.batchSize[1]");
        cases.put("{\"base\": %s, \"vary\": {\"optimizer.learningrate\": [0.1]}}", "vary.optimizer.learningrate[0]");
        cases.put("{\"base\": %s, \"vary\": {\"epochs.count\": [3]}}", "vary.epochs.count[0]");
        cases.put("{\"base\": %s, \"vary\": {\"batchSize\": [16, 32, 100000]}}", "vary[2].batchSize");
        cases.put("{\"base\": %s, \"vary\": {\"optimizer\": [{\"type\": \"adam\"}, {\"type\": \"sgd\", \"learningRate\": -1}]}}",
                "vary[1].optimizer.learningRate");
        cases.put("{\"vary\": {\"batchSize\": [16]}}", "base");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = api.send("POST", "/api/v1/experiments", c.getKey().formatted(base));
            assertThat(r.statusCode()).as(c.getKey() + " → " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("errors").findValues("field").stream().map(JsonNode::asText).toList())
                    .as(c.getKey() + " → " + r.body()).contains(c.getValue());
        }
        HttpResponse<String> badBase = api.send("POST", "/api/v1/experiments", """
                {"base": {"datasetId": "%s", "loss": "hinge"}, "vary": {"batchSize": [16, 32]}}""".formatted(digits));
        assertThat(JSON.readTree(badBase.body()).get("errors").findValues("field").stream().map(JsonNode::asText).toList())
                .as(badBase.body()).containsExactly("base.loss");
        HttpResponse<String> typo = api.send("POST", "/api/v1/experiments", """
                {"base": {"datasetId": "%s", "optimizer": {"learningrate": 0.1}}, "vary": {"batchSize": [16]}}""".formatted(digits));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(typo.body()).get("errors").get(0).get("field").asText()).isEqualTo("base.optimizer.learningrate");

        assertThat(api.getJson("/api/v1/experiments").get("page").get("totalElements").asLong()).isEqualTo(experimentsBefore);
        assertThat(api.getJson("/api/v1/jobs").get("page").get("totalElements").asLong()).isEqualTo(jobsBefore);
        String unknown = "/api/v1/experiments/00000000-0000-0000-0000-000000000000";
        assertThat(api.send("GET", unknown, null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", unknown + "/loss-curves.svg", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/experiments?sort=bogus,asc", null).statusCode()).isEqualTo(400);
    }
}
