package io.descent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operational surface: health with the database, info with version and commit, metrics, HTTP docs from the jar. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ops;DB_CLOSE_DELAY=-1", "descent.examples.enabled=false"})
class OperationsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @LocalServerPort
    int port;

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIncludesTheDatabaseAndTheScheduler() throws Exception {
        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("dbScheduler").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void infoNamesVersionAndMetricsAreExposed() throws Exception {
        JsonNode info = JSON.readTree(get("/actuator/info").body());
        assertThat(info.get("build").get("version").asText()).isNotBlank();
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }

    @Test
    void openApiDocumentsEveryOperationWithASummaryAndSwaggerUiIsServedLocally() throws Exception {
        JsonNode doc = JSON.readTree(get("/v3/api-docs").body());
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Descent");
        JsonNode paths = doc.get("paths");
        for (String path : new String[] {"/api/v1/datasets", "/api/v1/datasets/{id}/rows", "/api/v1/jobs",
                "/api/v1/jobs/{id}/epochs", "/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/predictions"}) {
            assertThat(paths.has(path)).as(path).isTrue();
            paths.get(path).properties().forEach(op ->
                    assertThat(op.getValue().get("summary")).as(op.getKey() + " " + path + " summary").isNotNull());
        }
        assertThat(paths.get("/api/v1/jobs").get("post").get("requestBody").toString()).contains("11111111-1111-4111-8111-111111111111");
        HttpResponse<String> ui = get("/swagger-ui.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js").doesNotContain("https://");
        assertThat(get("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    }
}
