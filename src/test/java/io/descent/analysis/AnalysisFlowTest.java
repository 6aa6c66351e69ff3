package io.descent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end over real HTTP: jobs train for real through the scheduler, then their critical-point analysis and
 * diagnosis run as scheduled tasks and are served from the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:analysisflow;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=true"})
class AnalysisFlowTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void wellTrainedIrisModelIsAMinimumAndLanczosAgreesWithTheFullHessian() throws Exception {
        // Full batch, a decaying learning rate and a small model: the run ends close to a critical point.
        String id = submit("""
                {"name": "cp-iris", "datasetId": "%s", "model": {"type": "linear"},
                 "optimizer": {"type": "adam", "learningRate": 0.2}, "schedule": {"decay": "cosine"},
                 "batchSize": 120, "epochs": 600, "seed": 3}""".formatted(dataset("iris")));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("SUCCEEDED");

        HttpResponse<String> posted = send("POST", "/api/v1/jobs/" + id + "/critical-point", null);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        assertThat(posted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id + "/critical-point");
        JsonNode a = awaitReady("/api/v1/jobs/" + id + "/critical-point");

        assertThat(a.get("verdict").asText()).isEqualTo("LOCAL_MINIMUM");
        assertThat(a.get("parameters").asInt()).isEqualTo(15);
        assertThat(a.get("method").asText()).isEqualTo("lanczos-hvp");
        assertThat(a.get("crossCheck").asText()).isEqualTo("full-hessian");
        assertThat(a.get("gradientNorm").asDouble()).isLessThanOrEqualTo(a.get("gradientTolerance").asDouble());
        assertThat(a.has("escapeDirectionLoss")).isFalse();
        double max = a.get("fullHessianMaxEigenvalue").asDouble();
        assertThat(max).isPositive();
        assertThat(Math.abs(a.get("maxEigenvalue").asDouble() - max)).isLessThanOrEqualTo(1e-3 * max);
        assertThat(Math.abs(a.get("minEigenvalue").asDouble() - a.get("fullHessianMinEigenvalue").asDouble()))
                .isLessThanOrEqualTo(1e-3 * max);
        assertThat(a.get("fullHessianNegativeEigenvalues").asInt()).isZero();

        // Stored: asking again answers at once with the same analysis.
        HttpResponse<String> again = send("POST", "/api/v1/jobs/" + id + "/critical-point", null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body())).isEqualTo(a);

        // The same job, diagnosed: it fits and generalizes, and has no test set.
        JsonNode d = awaitReady("/api/v1/jobs/" + id + "/diagnosis");
        assertThat(d.get("verdict").asText()).isEqualTo("OK");
        assertThat(d.get("facts").get("comparisons").size()).isZero();
    }

    @Test
    void unknownJobsAndJobsWithoutAFinalModelAreRejected() throws Exception {
        String unknown = "00000000-0000-0000-0000-000000000000";
        for (String[] call : new String[][] {{"POST", "critical-point"}, {"GET", "critical-point"}, {"GET", "diagnosis"}}) {
            HttpResponse<String> r = send(call[0], "/api/v1/jobs/" + unknown + "/" + call[1], null);
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        }
        String id = submit("""
                {"datasetId": "%s", "batchSize": 8, "epochs": 100000, "seed": 1}""".formatted(dataset("diabetes")));
        assertThat(send("POST", "/api/v1/jobs/" + id + "/cancel", null).statusCode()).isEqualTo(202);
        HttpResponse<String> cp = send("POST", "/api/v1/jobs/" + id + "/critical-point", null);
        assertThat(cp.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(cp.body()).get("detail").asText()).contains("CANCELLED").contains("SUCCEEDED");
        assertThat(send("GET", "/api/v1/jobs/" + id + "/diagnosis", null).statusCode()).isEqualTo(409);
    }

    @Test
    void openApiDocumentDescribesTheAnalyses() throws Exception {
        JsonNode doc = getJson("/v3/api-docs");
        assertThat(doc.get("paths").has("/api/v1/jobs/{id}/critical-point")).isTrue();
        assertThat(doc.get("paths").get("/api/v1/jobs/{id}/diagnosis").get("get").get("summary").asText())
                .contains("General Guidance");
        assertThat(doc.get("components").get("schemas").get("CriticalPointAnalysis").get("properties").has("escapeDirectionLoss"))
                .isTrue();
        assertThat(doc.get("components").get("schemas").has("Diagnosis")).isTrue();
    }

    @Test
    void linearModelOfACurvedRelationIsModelBias() throws Exception {
        String data = upload("bias-parabola", csv(200, 1, -3, 3, x -> x * x));
        String id = submit("""
                {"datasetId": "%s", "model": {"type": "linear"}, "optimizer": {"type": "adam", "learningRate": 0.05},
                 "batchSize": 32, "epochs": 60, "seed": 4}""".formatted(data));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode d = awaitReady("/api/v1/jobs/" + id + "/diagnosis");
        assertThat(d.get("verdict").asText()).as(d.toString()).isEqualTo("MODEL_BIAS");
        assertThat(d.get("evidence").get(0).asText()).startsWith("training loss").contains("is large");
    }

    @Test
    void deepSigmoidNetworkThatLosesToALinearModelIsOptimization() throws Exception {
        String data = upload("optimization-line", csv(200, 2, -2, 2, x -> 3 * x + 1));
        String id = submit("""
                {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8, "activation": "sigmoid"},
                   {"units": 8, "activation": "sigmoid"}, {"units": 8, "activation": "sigmoid"},
                   {"units": 8, "activation": "sigmoid"}, {"units": 8, "activation": "sigmoid"}]},
                 "optimizer": {"type": "sgd", "learningRate": 0.01}, "batchSize": 16, "epochs": 30, "seed": 5}"""
                .formatted(data));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode d = awaitReady("/api/v1/jobs/" + id + "/diagnosis");
        assertThat(d.get("verdict").asText()).as(d.toString()).isEqualTo("OPTIMIZATION");
        assertThat(d.get("facts").get("comparisons").size()).isEqualTo(2);
        assertThat(d.get("facts").get("comparisons").get(0).get("trainLoss").asDouble())
                .isLessThan(d.get("facts").get("trainLoss").asDouble());
    }

    @Test
    void bigNetworkOnFewNoisyRowsIsOverfitting() throws Exception {
        String data = upload("overfit-noise", csv(50, 3, 8, -1, 1, null));
        String id = submit("""
                {"datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 64}, {"units": 64}]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "batchSize": 40, "epochs": 400, "seed": 6}"""
                .formatted(data));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode d = awaitReady("/api/v1/jobs/" + id + "/diagnosis");
        assertThat(d.get("verdict").asText()).as(d.toString()).isEqualTo("OVERFITTING");
        assertThat(d.get("suggestions").toString()).contains("early stopping");
    }

    @Test
    void testDataFromAnotherRangeOfTheInputIsMismatch() throws Exception {
        DoubleUnaryOperator rule = x -> 10 * x * x;
        String train = upload("mismatch-train", csv(200, 7, 0, 1, rule));
        String test = upload("mismatch-test", csv(100, 8, 2, 3, rule));
        String id = submit("""
                {"datasetId": "%s", "testDatasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 16, "activation": "tanh"}]},
                 "optimizer": {"type": "adam", "learningRate": 0.02}, "batchSize": 32, "epochs": 150, "seed": 7}"""
                .formatted(train, test));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode d = awaitReady("/api/v1/jobs/" + id + "/diagnosis");
        assertThat(d.get("verdict").asText()).as(d.toString()).isEqualTo("MISMATCH");
        JsonNode shift = d.get("facts").get("shifts").get(0);
        assertThat(shift.get("feature").asText()).isEqualTo("x");
        assertThat(shift.get("statistic").asDouble()).isEqualTo(1.0);
        assertThat(shift.get("shifted").asBoolean()).isTrue();
    }

    /** A failed test must not leave a long job running in front of the next test's jobs. */
    @AfterEach
    void cancelLeftovers() throws Exception {
        for (JsonNode j : getJson("/api/v1/jobs?status=QUEUED&status=RUNNING&size=100").get("content")) {
            send("POST", "/api/v1/jobs/" + j.get("id").asText() + "/cancel", null);
        }
    }

    // --- helpers

    static String csv(int rows, long seed, double from, double to, DoubleUnaryOperator rule) {
        return csv(rows, seed, 1, from, to, rule);
    }

    /** Columns x (and noise features n1…), label y = rule(x) plus small noise, or pure noise when rule is null. */
    static String csv(int rows, long seed, int features, double from, double to, DoubleUnaryOperator rule) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder("x");
        for (int f = 1; f < features; f++) {
            b.append(",n").append(f);
        }
        b.append(",y\n");
        for (int i = 0; i < rows; i++) {
            double x = random.nextDouble(from, to);
            b.append(String.format(Locale.ROOT, "%.5f", x));
            for (int f = 1; f < features; f++) {
                b.append(String.format(Locale.ROOT, ",%.5f", random.nextGaussian()));
            }
            double y = rule == null ? random.nextGaussian() : rule.applyAsDouble(x) + 0.01 * random.nextGaussian();
            b.append(String.format(Locale.ROOT, ",%.5f%n", y));
        }
        return b.toString();
    }

    String upload(String name, String csv) throws Exception {
        String boundary = "----descent" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + ".csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\nregression\r\n--" + boundary + "--\r\n";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    String submit(String spec) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/jobs", spec);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
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
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < end) {
            JsonNode job = getJson("/api/v1/jobs/" + id);
            if (!job.get("status").asText().equals("QUEUED") && !job.get("status").asText().equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for job " + id);
    }

    /** GET until 200, checking that every answer before it is a 202 pointing back at the same URL. */
    JsonNode awaitReady(String path) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = send("GET", path, null);
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).hasValue(path);
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + path);
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
