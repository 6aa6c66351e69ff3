package io.descent.dashboard;

import static io.descent.support.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.descent.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: headless Chromium loads the page from the running app, the page's scripts
 * fetch the API and draw with uPlot, and the DOM Chromium dumps is what a person would see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=true"})
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        api = new Api(port);
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        if (api != null) {
            api.cancelLeftovers();
        }
    }

    @Test
    void pageListsTheJobAndDrawsItsCurves() throws Exception {
        String iris = dataset("iris");
        String id = JSON.readTree(api.send("POST", "/api/v1/jobs", """
                {"name": "dashboard-iris", "datasetId": "%s", "model": {"type": "mlp", "layers": [{"units": 8}]},
                 "optimizer": {"type": "adam", "learningRate": 0.02}, "batchSize": 16, "epochs": 12, "seed": 4}""".formatted(iris))
                .body()).get("id").asText();
        assertThat(api.awaitJob(id).get("status").asText()).isEqualTo("SUCCEEDED");

        String dom = dumpDom("/?job=" + id);
        // The job is listed, selected, with its status.
        assertThat(dom).containsPattern("<li class=\"item selected\" data-job=\"" + id + "\">.*?dashboard-iris.*?SUCCEEDED");
        assertThat(dom).contains("iris");
        // uPlot drew the chart: a canvas, and a legend naming both curves.
        assertThat(dom).contains("class=\"uplot").contains("<canvas");
        assertThat(dom).containsPattern("class=\"u-label\">training loss<");
        assertThat(dom).containsPattern("class=\"u-label\">validation loss<");
        // The facts come from the job's result: 12 of 12 epochs.
        assertThat(dom).contains("12 / 12");
        // The diagnosis box says something in every case: a verdict, "computing…" or "not available".
        assertThat(dom).containsPattern("id=\"diagnosis\"><(div|span)");
        assertThat(dom).doesNotContain("Could not load");
    }

    @Test
    void experimentPageOverlaysEveryJobsCurvesLabelledByTheirVariedValues() throws Exception {
        String iris = dataset("iris");
        JsonNode created = JSON.readTree(api.send("POST", "/api/v1/experiments", """
                {"name": "dashboard-optimizers", "base": {"datasetId": "%s", "model": {"type": "linear"}, "epochs": 6, "seed": 2},
                 "vary": {"optimizer": [{"type": "sgd", "learningRate": 0.1}, {"type": "adam", "learningRate": 0.05}]}}"""
                .formatted(iris)).body());
        String id = created.get("id").asText();
        for (JsonNode job : created.get("jobIds")) {
            assertThat(api.awaitJob(job.asText()).get("status").asText()).isEqualTo("SUCCEEDED");
        }

        String dom = dumpDom("/?experiment=" + id);
        assertThat(dom).containsPattern("data-experiment=\"" + id + "\">.*?dashboard-optimizers.*?FINISHED");
        for (String label : List.of("sgd learningRate=0.1", "adam learningRate=0.05")) {
            assertThat(dom).contains("class=\"u-label\">" + label + " — training loss<")
                    .contains("class=\"u-label\">" + label + " — validation loss<")
                    .contains(">" + label + "</a>");
        }
        assertThat(dom).contains("<canvas").contains("shared seed 2");
    }

    String dataset(String name) throws Exception {
        for (JsonNode d : api.getJson("/api/v1/datasets?size=100").get("content")) {
            if (d.get("name").asText().equals(name)) {
                return d.get("id").asText();
            }
        }
        throw new AssertionError("example dataset " + name + " missing");
    }

    /** Chromium's DOM after the page's scripts have run for a few seconds of virtual time. */
    String dumpDom(String path) throws Exception {
        Path profile = Files.createTempDirectory("descent-chromium");
        try {
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1400,1000", "--virtual-time-budget=8000",
                    "--dump-dom", "http://127.0.0.1:" + port + path));
            Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = chromium.getInputStream().readAllBytes();
            if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                throw new AssertionError("chromium did not finish");
            }
            String dom = new String(out, StandardCharsets.UTF_8);
            assertThat(dom).as("chromium's DOM dump").contains("<body");
            return dom;
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
