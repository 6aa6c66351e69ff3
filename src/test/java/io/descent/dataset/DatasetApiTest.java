package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:dataset-api;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=false",
        // several blocks for a handful of rows, so that reads across block boundaries are exercised
        "descent.datasets.chunk-size=24B"})
class DatasetApiTest extends DatasetApiContract {

    @Autowired
    DatasetService service;

    @Test
    void failureWhileWritingRollsBackEverything() {
        long datasets = count("dataset");
        long chunks = count("dataset_chunk");
        AtomicInteger opened = new AtomicInteger();
        CsvSource changing = new CsvSource() {
            @Override
            public String filename() {
                return "changing.csv";
            }

            @Override
            public InputStream open() {
                // the second pass sees a class the first pass never did, on the last row: after blocks were written
                String text = opened.incrementAndGet() == 1 ? CSV : CSV.replace("green,a", "green,c");
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        assertThatThrownBy(() -> service.upload(changing, null, null, null)).isInstanceOf(IllegalStateException.class);
        assertThat(count("dataset")).isEqualTo(datasets);
        assertThat(count("dataset_chunk")).isEqualTo(chunks);
    }

    @Test
    void previewAcrossBlocksAndPastTheEnd() {
        var created = upload(CSV, "x.csv", Map.of("label", "color"));
        String id = (String) created.getBody().get("id");
        assertThat(created.getBody()).containsEntry("task", "classification").containsEntry("inputSize", 3);
        var rows = http.get().uri("/datasets/{id}/rows?offset=0&limit=1000", id).retrieve()
                .body(new org.springframework.core.ParameterizedTypeReference<java.util.List<Map<String, Object>>>() { });
        assertThat(rows).hasSize(4).extracting(r -> r.get("color")).containsExactly("red", "blue", "red", "green");
        assertThat(rows.get(3)).containsEntry("label", "a").containsEntry("size", 4.0);
        assertThat(http.get().uri("/datasets/{id}/rows?offset=9", id).retrieve().body(String.class)).isEqualTo("[]");
        assertThat(http.get().uri("/datasets/{id}/rows?limit=0", id).retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        http.delete().uri("/datasets/{id}", id).retrieve().toBodilessEntity();
    }
}
