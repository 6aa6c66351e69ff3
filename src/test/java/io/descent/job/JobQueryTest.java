package io.descent.job;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

@DataJpaTest
class JobQueryTest extends JobQueryContract {
}
