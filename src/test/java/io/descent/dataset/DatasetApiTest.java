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

import io.descent.web.ApiException;

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
        // 'size' turns from numbers to text on the last row, so the rows are encoded in a second pass
        String mixed = CSV.replace("4,green,a", "four,green,a");
        AtomicInteger opened = new AtomicInteger();
        CsvSource changing = new CsvSource() {
            @Override
            public String filename() {
                return "changing.csv";
            }

            @Override
            public InputStream open() {
                // the second pass sees a class the first pass never did, on the last row: after blocks were written
                String text = opened.incrementAndGet() == 1 ? mixed : mixed.replace("green,a", "green,c");
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        assertThatThrownBy(() -> service.upload(changing, null, null, null)).isInstanceOf(IllegalStateException.class);
        assertThat(opened).hasValue(2);
        assertThat(count("dataset")).isEqualTo(datasets);
        assertThat(count("dataset_chunk")).isEqualTo(chunks);
    }

    @Test
    void invalidLastRowRollsBackTheBlocksStoredBeforeIt() {
        long datasets = count("dataset");
        long chunks = count("dataset_chunk");
        // Two rows a block: the first block is stored while the scan still reads the rows after it.
        String text = CSV.replace("4,green,a", "4,green,");
        assertThatThrownBy(() -> service.upload(CsvProfilerTest.csv(text), null, null, null))
                .isInstanceOf(ApiException.class).hasMessageContaining("line 5");
        assertThat(count("dataset")).isEqualTo(datasets);
        assertThat(count("dataset_chunk")).isEqualTo(chunks);
    }

    @Test
    void eachWayOfFinishingTheChunksStoresTheSameRows() {
        // numeric only: stored as scanned; numeric classes, categories, text classes: codes rewritten; a column
        // turning from numbers to text: encoded again
        String numeric = "x,y\n1.5,2.5\n2.5,3.5\n3.5,5.5\n";
        String numericClasses = "x,y\n1.5,2\n2.5,10\n3.5,2.0\n";
        String mixed = "v,label\n1,x\n2,y\nthree,x\n";
        for (String text : java.util.List.of(numeric, numericClasses, CSV, mixed)) {
            DatasetView view = service.upload(CsvProfilerTest.csv(text), null, null, null);
            try {
                CsvProfile profile = new CsvProfiler(1000).profile(CsvProfilerTest.csv(text), null, null);
                java.util.List<Float> expected = new java.util.ArrayList<>();
                CsvEncoder.encode(CsvProfilerTest.csv(text), profile, Integer.MAX_VALUE, (i, first, rows, data) -> {
                    for (int c = 0; c < profile.header().size(); c++) {
                        float[] column = new float[rows];
                        ChunkCodec.decodeColumn(data, rows, c, column, 0);
                        for (float v : column) {
                            expected.add(v);
                        }
                    }
                });
                DatasetTable table = catalog.load(view.id());
                java.util.List<Float> stored = new java.util.ArrayList<>();
                for (DatasetTable.Column c : table.features()) {
                    for (float v : c.values()) {
                        stored.add(v);
                    }
                }
                for (float v : table.labels()) {
                    stored.add(v);
                }
                assertThat(stored).as(text).isEqualTo(expected);
            } finally {
                service.delete(view.id());
            }
        }
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
