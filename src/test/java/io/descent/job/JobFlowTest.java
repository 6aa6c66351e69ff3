package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.descent.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end over real HTTP: jobs train tiny models for real on the example datasets, through the scheduler,
 * and every read endpoint serves what they stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:jobflow;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=true"})
class JobFlowTest {

    static final JsonMapper JSON = Api.JSON;
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void irisJobTrainsAndServesEpochsModelPredictionsChartAndEvents() throws Exception {
        String iris = dataset("iris");
        HttpResponse<String> posted = send("POST", "/api/v1/jobs", """
                {"name": "flow-iris", "datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 16}]},
                 "optimizer": {"type": "adam", "learningRate": 0.02}, "batchSize": 16, "epochs": 40, "seed": 3}
                """.formatted(iris));
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode job = JSON.readTree(posted.body());
        String id = job.get("id").asText();
        assertThat(posted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(job.get("status").asText()).isIn("QUEUED", "RUNNING");
        // Every omitted field shows its default in the stored spec.
        JsonNode spec = job.get("spec");
        assertThat(spec.get("loss").asText()).isEqualTo("cross-entropy");
        assertThat(spec.get("schedule").get("decay").asText()).isEqualTo("none");
        assertThat(spec.get("schedule").get("warmupSteps").asInt()).isZero();
        assertThat(spec.get("validation").get("holdout").asDouble()).isEqualTo(0.2);
        assertThat(spec.get("optimizer").get("beta2").asDouble()).isEqualTo(0.999);
        assertThat(spec.get("model").get("layers").get(0).get("activation").asText()).isEqualTo("relu");

        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode result = done.get("result");
        assertThat(result.get("validationAccuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(result.get("epochsRun").asInt()).isEqualTo(40);
        assertThat(done.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
        assertThat(done.get("startedAt").isNull()).isFalse();
        assertThat(done.get("finishedAt").isNull()).isFalse();

        JsonNode epochs = getJson("/api/v1/jobs/" + id + "/epochs");
        assertThat(epochs.size()).isEqualTo(40);
        JsonNode first = epochs.get(0);
        assertThat(first.get("fold").asInt()).isZero();
        assertThat(first.get("epoch").asInt()).isEqualTo(1);
        for (String f : List.of("trainLoss", "validationLoss", "trainAccuracy", "validationAccuracy", "learningRate",
                "gradientNorm", "seconds")) {
            assertThat(first.get(f).isNumber()).as(f).isTrue();
        }
        assertThat(first.get("learningRate").asDouble()).isEqualTo(0.02);
        assertThat(epochs.get(39).get("trainLoss").asDouble()).isLessThan(first.get("trainLoss").asDouble());
        // The result reports the best epoch's validation figures (what GET /jobs sorts by) and the final model's.
        int bestEpoch = result.get("bestEpoch").asInt();
        double lowest = Double.MAX_VALUE;
        for (JsonNode e : epochs) {
            lowest = Math.min(lowest, e.get("validationLoss").asDouble());
        }
        assertThat(epochs.get(bestEpoch - 1).get("validationLoss").asDouble()).isEqualTo(lowest);
        assertThat(result.get("validationLoss").asDouble()).isEqualTo(lowest);
        assertThat(result.get("validationAccuracy").asDouble())
                .isEqualTo(epochs.get(bestEpoch - 1).get("validationAccuracy").asDouble());
        assertThat(result.get("finalValidationLoss").asDouble())
                .isCloseTo(epochs.get(39).get("validationLoss").asDouble(), within(1e-6));

        HttpResponse<byte[]> model = http.send(request("GET", "/api/v1/jobs/" + id + "/model", null).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(new String(model.body(), 0, 2)).isEqualTo("PK");

        HttpResponse<String> predicted = send("POST", "/api/v1/jobs/" + id + "/predictions", """
                {"rows": [{"sepal_length_cm": 5.1, "sepal_width_cm": 3.5, "petal_length_cm": 1.4, "petal_width_cm": 0.2},
                          {"sepal_length_cm": 6.7, "sepal_width_cm": 3.0, "petal_length_cm": 5.2, "petal_width_cm": 2.3}]}""");
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        JsonNode predictions = JSON.readTree(predicted.body()).get("predictions");
        assertThat(predictions.get(0).get("label").asText()).isEqualTo("0");
        assertThat(predictions.get(1).get("label").asText()).isEqualTo("2");
        double sum = 0;
        for (JsonNode p : predictions.get(0).get("probabilities")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));

        HttpResponse<String> missing = send("POST", "/api/v1/jobs/" + id + "/predictions",
                "{\"rows\": [{\"sepal_length_cm\": 5.1}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(missing.body()).contains("petal_length_cm");

        HttpResponse<String> svg = send("GET", "/api/v1/jobs/" + id + "/loss-curves.svg", null);
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("image/svg+xml"));
        assertThat(svg.body()).contains("<svg").contains("training loss").contains("validation loss").contains("epoch");

        HttpResponse<String> events = http.send(request("GET", "/api/v1/jobs/" + id + "/events", null)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body().split("event:epoch", -1)).hasSize(41);
        assertThat(events.body()).contains("event:status").contains("SUCCEEDED");

        HttpResponse<String> folds = send("GET", "/api/v1/jobs/" + id + "/folds", null);
        assertThat(folds.statusCode()).isEqualTo(404);
    }

    @Test
    void sameSeedGivesBitIdenticalLosses() throws Exception {
        String wine = dataset("wine");
        String body = """
                {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8, "dropout": 0.2}]},
                 "optimizer": {"type": "rmsprop", "learningRate": 0.01}, "batchSize": 32, "epochs": 8, "seed": 99,
                 "augmentation": {"gaussianNoise": 0.1}}""".formatted(wine);
        String a = JSON.readTree(send("POST", "/api/v1/jobs", body).body()).get("id").asText();
        String b = JSON.readTree(send("POST", "/api/v1/jobs", body).body()).get("id").asText();
        assertThat(awaitFinished(a).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(awaitFinished(b).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(losses(a)).isEqualTo(losses(b)).hasSize(16);
    }

    @Test
    void runningJobCancelsWithinABatchAndKeepsItsEpochs() throws Exception {
        String diabetes = dataset("diabetes");
        String body = """
                {"name": "cancel-me", "datasetId": "%s", "batchSize": 8, "epochs": 100000, "seed": 1}""".formatted(diabetes);
        String running = JSON.readTree(send("POST", "/api/v1/jobs", body).body()).get("id").asText();
        String queued = JSON.readTree(send("POST", "/api/v1/jobs", body).body()).get("id").asText();
        await(() -> getJson("/api/v1/jobs/" + running + "/epochs").size() >= 2, "two epochs");

        HttpResponse<String> q = send("POST", "/api/v1/jobs/" + queued + "/cancel", null);
        assertThat(q.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(q.body()).get("status").asText()).isEqualTo("CANCELLED");

        HttpResponse<String> c = send("POST", "/api/v1/jobs/" + running + "/cancel", null);
        assertThat(c.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(c.body()).get("status").asText()).isEqualTo("CANCELLED");
        // The loop stops within one batch: the epoch count stops growing.
        Thread.sleep(1500);
        int kept = getJson("/api/v1/jobs/" + running + "/epochs").size();
        Thread.sleep(1000);
        assertThat(getJson("/api/v1/jobs/" + running + "/epochs").size()).isEqualTo(kept).isGreaterThanOrEqualTo(2);
        assertThat(getJson("/api/v1/jobs/" + queued + "/epochs").size()).isZero();
        assertThat(getJson("/api/v1/jobs/" + queued).get("startedAt").isNull()).isTrue();

        HttpResponse<String> again = send("POST", "/api/v1/jobs/" + running + "/cancel", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("CANCELLED");
    }

    @Test
    void divergingTrainingFailsWithAnActionableMessage() throws Exception {
        String diabetes = dataset("diabetes");
        String id = JSON.readTree(send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "optimizer": {"type": "sgd", "learningRate": 50}, "batchSize": 8, "epochs": 20, "seed": 1}"""
                .formatted(diabetes)).body()).get("id").asText();
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.get("error").get("message").asText()).matches("training diverged at epoch \\d+ \\(.*\\); lower the learning rate");
        assertThat(done.get("result").isNull()).isTrue();
    }

    @Test
    void specsThatCannotWorkAreRejectedNamingTheField() throws Exception {
        String diabetes = dataset("diabetes");
        HttpResponse<String> r = send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "loss": "cross-entropy"}""".formatted(diabetes));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("loss");
        for (String f : List.of("type", "title", "status", "detail", "instance")) {
            assertThat(problem.has(f)).as(f).isTrue();
        }

        HttpResponse<String> typo = send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "optimizer": {"type": "adam", "learningrate": 0.1}}""".formatted(diabetes));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(typo.body()).get("errors").get(0).get("field").asText()).isEqualTo("optimizer.learningrate");

        HttpResponse<String> wrongType = send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "epochs": "many"}""".formatted(diabetes));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).get("errors").get(0).get("field").asText()).isEqualTo("epochs");

        HttpResponse<String> unknown = send("POST", "/api/v1/jobs", """
                {"datasetId": "00000000-0000-0000-0000-000000000000"}""");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("errors").get(0).get("field").asText()).isEqualTo("datasetId");

        assertThat(send("GET", "/api/v1/jobs/00000000-0000-0000-0000-000000000000", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/jobs/not-a-uuid", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/jobs?sort=bogus,asc", null).statusCode()).isEqualTo(400);
    }

    @Test
    void kFoldJobReportsEachFoldAndRefitsAFinalModel() throws Exception {
        String iris = dataset("iris");
        String id = JSON.readTree(send("POST", "/api/v1/jobs", """
                {"name": "kfold-iris", "datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8}]},
                 "optimizer": {"type": "adam", "learningRate": 0.03}, "batchSize": 16, "epochs": 15, "seed": 5,
                 "validation": {"folds": 3, "refit": true}}""".formatted(iris)).body()).get("id").asText();
        // Followed live from submission: the refit's epochs (fold 0) arrive after the folds' but sort before them.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> stream = http.sendAsync(
                request("GET", "/api/v1/jobs/" + id + "/events", null).header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(200)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("spec").get("validation").get("stratified").asBoolean()).isTrue();
        JsonNode folds = getJson("/api/v1/jobs/" + id + "/folds");
        assertThat(folds.get("folds").size()).isEqualTo(3);
        int validationRows = 0;
        List<Double> accuracies = new ArrayList<>();
        for (JsonNode f : folds.get("folds")) {
            assertThat(f.get("trainRows").asInt() + f.get("validationRows").asInt()).isEqualTo(150);
            validationRows += f.get("validationRows").asInt();
            accuracies.add(f.get("validationAccuracy").asDouble());
        }
        assertThat(validationRows).isEqualTo(150);
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(folds.get("summary").get("validationAccuracy").get("mean").asDouble()).isCloseTo(mean, within(1e-9));
        assertThat(done.get("result").get("validationAccuracy").asDouble()).isCloseTo(mean, within(1e-9));
        JsonNode epochs = getJson("/api/v1/jobs/" + id + "/epochs");
        assertThat(epochs.findValues("fold").stream().map(JsonNode::asInt).distinct().sorted().toList())
                .containsExactly(0, 1, 2, 3);
        assertThat(getJson("/api/v1/jobs/" + id + "/epochs?fold=2").size()).isEqualTo(15);
        List<String> streamed = new ArrayList<>();
        String event = null;
        for (String line : stream.get(60, java.util.concurrent.TimeUnit.SECONDS).body().split("\n")) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "epoch".equals(event)) {
                JsonNode e = JSON.readTree(line.substring(5));
                streamed.add(e.get("fold").asInt() + "/" + e.get("epoch").asInt());
            }
        }
        List<String> stored = new ArrayList<>();
        for (JsonNode e : epochs) {
            stored.add(e.get("fold").asInt() + "/" + e.get("epoch").asInt());
        }
        assertThat(streamed).as("every stored epoch streamed exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(stored);
        assertThat(send("GET", "/api/v1/jobs/" + id + "/model", null).statusCode()).isEqualTo(200);
    }

    @Test
    void listFiltersAndSorts() throws Exception {
        String iris = dataset("iris");
        String body = """
                {"name": "%s", "datasetId": "%s", "model": {"type": "linear"}, "optimizer": {"type": "%s", "learningRate": %s},
                 "batchSize": 16, "epochs": 5, "seed": 2}""";
        String good = JSON.readTree(send("POST", "/api/v1/jobs", body.formatted("list-good", iris, "adam", "0.05")).body()).get("id").asText();
        String poor = JSON.readTree(send("POST", "/api/v1/jobs", body.formatted("list-poor", iris, "sgd", "0.0001")).body()).get("id").asText();
        awaitFinished(good);
        awaitFinished(poor);
        JsonNode page = getJson("/api/v1/jobs?name=list-&sort=result.validationLoss,asc");
        assertThat(page.get("content").findValues("id").stream().map(JsonNode::asText).toList()).containsExactly(good, poor);
        page = getJson("/api/v1/jobs?name=list-&sort=result.validationLoss,desc");
        assertThat(page.get("content").findValues("id").stream().map(JsonNode::asText).toList()).containsExactly(poor, good);
        page = getJson("/api/v1/jobs?name=list-&optimizer=sgd");
        assertThat(page.get("content").findValues("id").stream().map(JsonNode::asText).toList()).containsExactly(poor);
        page = getJson("/api/v1/jobs?name=list-&status=FAILED&status=SUCCEEDED&size=1");
        assertThat(page.get("content").size()).isEqualTo(1);
        assertThat(page.get("page").get("totalElements").asInt()).isEqualTo(2);
        assertThat(getJson("/api/v1/jobs?name=list-&status=QUEUED").get("content").size()).isZero();
    }

    @Test
    void testDatasetIsScoredOnceAndEarlyStoppingStops() throws Exception {
        // The test set: the last 40 iris rows of each class, uploaded as a dataset of its own.
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/main/resources/examples/iris.csv"));
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (int c = 0; c < 3; c++) {
            for (int i = 1 + c * 50 + 35; i <= c * 50 + 50; i++) {
                csv.append(lines.get(i)).append('\n');
            }
        }
        String test = api.upload("iris-test", csv.toString());
        String iris = dataset("iris");
        String id = JSON.readTree(send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "testDatasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 16}]},
                 "optimizer": {"type": "adam", "learningRate": 0.05}, "batchSize": 16, "epochs": 400, "seed": 8,
                 "earlyStopping": {"patience": 5}}""".formatted(iris, test)).body()).get("id").asText();
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode result = done.get("result");
        assertThat(result.get("stoppedEarly").asBoolean()).isTrue();
        assertThat(result.get("epochsRun").asInt()).isLessThan(400).isGreaterThan(result.get("bestEpoch").asInt());
        assertThat(done.get("spec").get("earlyStopping").get("restoreBest").asBoolean()).isTrue();
        assertThat(getJson("/api/v1/jobs/" + id + "/epochs").size()).isEqualTo(result.get("epochsRun").asInt());
        assertThat(result.get("testLoss").isNumber()).isTrue();
        assertThat(result.get("testAccuracy").asDouble()).isBetween(0.8, 1.0);

        // A test dataset whose columns differ from the training data is refused at submission.
        HttpResponse<String> mismatch = send("POST", "/api/v1/jobs", """
                {"datasetId": "%s", "testDatasetId": "%s"}""".formatted(iris, dataset("wine")));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(mismatch.body()).get("errors").get(0).get("field").asText()).isEqualTo("testDatasetId");
    }

    @Test
    void queuedJobsStartInSubmissionOrderAndADatasetInUseCannotBeDeleted() throws Exception {
        String csv = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/examples/wine.csv"));
        String wine = api.upload("wine-in-use", csv);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // The last job trains for most of a second, so the dataset is still in use at the DELETE below: three
            // 3-epoch jobs all finished before it on a fast machine (CI, 2026-11-28) and the DELETE went through.
            ids.add(JSON.readTree(send("POST", "/api/v1/jobs", """
                    {"name": "order-%d", "datasetId": "%s", "batchSize": 32, "epochs": %d, "seed": 1}"""
                    .formatted(i, wine, i == 2 ? 500 : 3)).body()).get("id").asText());
        }
        HttpResponse<String> refused = send("DELETE", "/api/v1/datasets/" + wine, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        List<java.time.Instant> started = new ArrayList<>();
        for (String id : ids) {
            started.add(java.time.Instant.parse(awaitFinished(id).get("startedAt").asText()));
        }
        assertThat(started).isSorted();
        assertThat(send("DELETE", "/api/v1/datasets/" + wine, null).statusCode()).isEqualTo(204);
        // The finished jobs keep their history after their dataset is gone.
        assertThat(getJson("/api/v1/jobs/" + ids.get(0) + "/epochs").size()).isEqualTo(3);
    }

    /** A failed test must not leave a long job running in front of the next test's jobs. */
    @AfterEach
    void cancelLeftovers() throws Exception {
        api.cancelLeftovers();
    }

    // --- helpers

    List<Double> losses(String id) throws Exception {
        List<Double> xs = new ArrayList<>();
        for (JsonNode e : getJson("/api/v1/jobs/" + id + "/epochs")) {
            xs.add(e.get("trainLoss").asDouble());
            xs.add(e.get("validationLoss").asDouble());
        }
        return xs;
    }

    String dataset(String name) throws Exception {
        for (JsonNode d : getJson("/api/v1/datasets?size=100").get("content")) {
            if (d.get("name").asText().equals(name)) {
                return d.get("id").asText();
            }
        }
        throw new AssertionError("example dataset " + name + " missing");
    }

    JsonNode awaitFinished(String id) throws Exception {
        return api.awaitJob(id);
    }

    static void await(Api.Check check, String what) throws Exception {
        Api.await(check, what);
    }

    JsonNode getJson(String path) throws Exception {
        return api.getJson(path);
    }

    HttpResponse<String> send(String method, String path, String json) throws Exception {
        return api.send(method, path, json);
    }

    HttpRequest.Builder request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    }
}
