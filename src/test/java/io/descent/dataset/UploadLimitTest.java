package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:upload-limit;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=false",
        "descent.upload.max-size=1KB"})
class UploadLimitTest extends DatasetApiContract {

    @Override
    void uploadListReadPreviewDelete() {
        // covered by DatasetApiTest; this context only checks the limit
    }

    @Test
    void overTheLimitIs413AndStoresNothing() {
        long datasets = count("dataset");
        StringBuilder big = new StringBuilder("a,label\n");
        while (big.length() < 4096) {
            big.append("1.25,0\n2.5,1\n");
        }
        var answer = upload(big.toString(), "big.csv", Map.of());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) answer.getBody().get("detail")).contains("larger than the limit", "descent.upload.max-size");
        assertThat(count("dataset")).isEqualTo(datasets);
    }
}
