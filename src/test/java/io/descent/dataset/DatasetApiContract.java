package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/** Upload, list, read, preview and delete over real HTTP; run on H2 and on PostgreSQL by the subclasses. */
abstract class DatasetApiContract {

    static final String CSV = "size,color,label\n1.5,red,b\n2,blue,a\n3,red,b\n4,green,a\n";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatasetCatalog catalog;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/api/v1")
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    ResponseEntity<Map<String, Object>> upload(String csv, String filename, Map<String, String> fields) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        fields.forEach(parts::add);
        return http.post().uri("/datasets").contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void uploadListReadPreviewDelete() {
        String name = "round-trip-" + UUID.randomUUID();
        ResponseEntity<Map<String, Object>> created = upload(CSV, "colors.csv", Map.of("name", name));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> body = created.getBody();
        String id = (String) body.get("id");
        try {
            assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/datasets/" + id);
            assertThat(body).containsEntry("name", name).containsEntry("rows", 4).containsEntry("task", "classification")
                    .containsEntry("inputSize", 4).containsEntry("sizeBytes", CSV.length());
            assertThat(body.get("label")).isEqualTo(Map.of("name", "label", "classes", List.of("a", "b")));
            List<Map<String, Object>> features = (List<Map<String, Object>>) body.get("features");
            assertThat(features.get(0)).containsEntry("name", "size").containsEntry("type", "numeric")
                    .containsEntry("min", 1.5).containsEntry("max", 4.0).doesNotContainKey("categories");
            assertThat(features.get(1)).containsEntry("type", "categorical")
                    .containsEntry("categories", List.of("blue", "green", "red")).doesNotContainKey("min");
            assertThat((String) body.get("sha256")).hasSize(64);
            assertThat((String) body.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            Map<String, Object> read = http.get().uri("/datasets/{id}", id).retrieve()
                    .body(new ParameterizedTypeReference<>() { });
            assertThat(read).isEqualTo(body);

            Map<String, Object> page = http.get().uri("/datasets?size=100").retrieve()
                    .body(new ParameterizedTypeReference<>() { });
            assertThat((List<Map<String, Object>>) page.get("content")).extracting(d -> d.get("id")).contains(id);
            assertThat((Map<String, Object>) page.get("page")).containsKeys("size", "number", "totalElements", "totalPages");

            List<Map<String, Object>> rows = http.get().uri("/datasets/{id}/rows?offset=1&limit=2", id).retrieve()
                    .body(new ParameterizedTypeReference<>() { });
            assertThat(rows).containsExactly(
                    Map.of("size", 2.0, "color", "blue", "label", "a"),
                    Map.of("size", 3.0, "color", "red", "label", "b"));

            DatasetTable table = catalog.load(UUID.fromString(id));
            assertThat(table.rows()).isEqualTo(4);
            assertThat(table.classes()).containsExactly("a", "b");
            assertThat(table.features().get(0).values()).containsExactly(1.5f, 2f, 3f, 4f);
            assertThat(table.features().get(1).values()).containsExactly(2f, 0f, 2f, 1f);
            assertThat(table.labels()).containsExactly(1f, 0f, 1f, 0f);
        } finally {
            assertThat(http.delete().uri("/datasets/{id}", id).retrieve().toBodilessEntity().getStatusCode())
                    .isEqualTo(HttpStatus.NO_CONTENT);
        }
        assertThat(http.get().uri("/datasets/{id}", id).retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("select count(*) from dataset_chunk where dataset_id = ?", Long.class,
                UUID.fromString(id))).isZero();
    }

    @Test
    void badCsvIsAProblemAndStoresNothing() {
        long datasets = count("dataset");
        long chunks = count("dataset_chunk");
        ResponseEntity<Map<String, Object>> answer = upload("a,b,label\n1,2,0\n3,,1\n", "bad.csv", Map.of());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) answer.getBody().get("detail")).contains("line 3", "column 'b' (#2)");
        assertThat(answer.getBody()).containsEntry("instance", "/api/v1/datasets").containsKeys("type", "title", "status");
        assertThat(count("dataset")).isEqualTo(datasets);
        assertThat(count("dataset_chunk")).isEqualTo(chunks);
    }
}
