package io.descent.dataset;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

@DataJpaTest
class DatasetRepositoryTest extends DatasetRepositoryContract {
}
