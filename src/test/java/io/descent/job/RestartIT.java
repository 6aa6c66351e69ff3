package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills a node with SIGKILL while it trains and starts it again on the same database: the running job must
 * continue from its last checkpoint, training again the epochs stored after it without storing them twice, with no
 * gap and no duplicate, reach the same per-epoch losses as an uninterrupted run with the same seed, and the job
 * queued behind it must still run. (The kill comes a few epochs in, usually before the first checkpoint, one second
 * into the run: the resumed run then trains from the start and stores from the first epoch not stored yet.) The
 * node is the packaged jar started with docker/jvm.options, exactly as the container starts it.
 */
class RestartIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private Path dataDir;
    private int port;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void runningJobSurvivesKillNineAndMatchesAnUninterruptedRun() throws Exception {
        dataDir = Files.createTempDirectory("descent-restart");
        port = freePort();
        Process first = start("first");
        String iris = datasetId("iris");
        String spec = """
                {"name": "restart", "datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 16}]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "batchSize": 4, "epochs": 400, "seed": 11}
                """.formatted(iris);
        String running = post("/api/v1/jobs", spec).get("id").asText();
        String queued = post("/api/v1/jobs", spec.replace("\"restart\"", "\"queued\"").replace("400", "3")).get("id").asText();

        waitFor(() -> get("/api/v1/jobs/" + running + "/epochs").size() >= 3, Duration.ofSeconds(120), "3 epochs");
        first.destroyForcibly().waitFor();

        start("second");
        JsonNode done = waitForJob(running, Duration.ofSeconds(240));
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(waitForJob(queued, Duration.ofSeconds(120)).get("status").asText()).isEqualTo("SUCCEEDED");

        JsonNode epochs = get("/api/v1/jobs/" + running + "/epochs");
        assertThat(epochs.size()).isEqualTo(400);
        for (int i = 0; i < epochs.size(); i++) {
            assertThat(epochs.get(i).get("epoch").asInt()).as("epoch numbers without gap or duplicate").isEqualTo(i + 1);
        }

        String again = post("/api/v1/jobs", spec.replace("\"restart\"", "\"uninterrupted\"")).get("id").asText();
        assertThat(waitForJob(again, Duration.ofSeconds(240)).get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode reference = get("/api/v1/jobs/" + again + "/epochs");
        for (int i = 0; i < epochs.size(); i++) {
            assertThat(epochs.get(i).get("trainLoss").asDouble())
                    .as("train loss of epoch %d", i + 1).isEqualTo(reference.get(i).get("trainLoss").asDouble());
            assertThat(epochs.get(i).get("validationLoss").asDouble())
                    .as("validation loss of epoch %d", i + 1).isEqualTo(reference.get(i).get("validationLoss").asDouble());
        }
    }

    private Process start(String name) throws Exception {
        String jar = System.getProperty("descent.test.jar");
        String options = System.getProperty("descent.test.jvm-options");
        File log = dataDir.resolve(name + ".log").toFile();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options, "-Xmx1g", "-jar", jar,
                "--server.port=" + port, "--descent.data-dir=" + dataDir)
                .redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        waitFor(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("node exited; see " + log);
            }
            return status("/actuator/health") == 200;
        }, Duration.ofSeconds(120), "health of " + name);
        return p;
    }

    private String datasetId(String name) throws Exception {
        for (JsonNode d : get("/api/v1/datasets?size=100").get("content")) {
            if (d.get("name").asText().equals(name)) {
                return d.get("id").asText();
            }
        }
        throw new AssertionError("example dataset " + name + " not loaded");
    }

    private JsonNode waitForJob(String id, Duration timeout) throws Exception {
        waitFor(() -> {
            String s = get("/api/v1/jobs/" + id).get("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED");
        }, timeout, "job " + id);
        return get("/api/v1/jobs/" + id);
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
