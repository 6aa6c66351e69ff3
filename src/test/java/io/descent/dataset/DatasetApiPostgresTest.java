package io.descent.dataset;

import org.springframework.boot.test.context.SpringBootTest;

import io.descent.support.PostgresTest;

@PostgresTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "descent.examples.enabled=false", "descent.datasets.chunk-size=24B"})
class DatasetApiPostgresTest extends DatasetApiContract {
}
