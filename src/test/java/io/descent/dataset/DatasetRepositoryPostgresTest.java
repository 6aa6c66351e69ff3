package io.descent.dataset;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

import io.descent.support.PostgresTest;

@DataJpaTest
@PostgresTest
class DatasetRepositoryPostgresTest extends DatasetRepositoryContract {
}
