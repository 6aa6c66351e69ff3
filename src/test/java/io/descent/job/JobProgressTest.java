package io.descent.job;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

@DataJpaTest
class JobProgressTest extends JobProgressContract {
}
