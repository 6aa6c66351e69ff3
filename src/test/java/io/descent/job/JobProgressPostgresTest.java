package io.descent.job;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;

import io.descent.support.PostgresTest;

@PostgresTest
@DataJpaTest
// Declared here too: @DataJpaTest brings its own, which would otherwise replace PostgreSQL with an embedded H2.
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JobProgressPostgresTest extends JobProgressContract {
}
