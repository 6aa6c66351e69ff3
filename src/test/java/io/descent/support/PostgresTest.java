package io.descent.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;

/**
 * Runs a Spring test against a real PostgreSQL: the database at system property {@code descent.test.postgres-url}
 * (from {@code -Dpostgres.url=...}, user postgres, no password) when set, else a Testcontainers PostgreSQL when
 * Docker is available, else the test is skipped. Put it beside {@code @SpringBootTest} or {@code @DataJpaTest}.
 * With {@code @DataJpaTest} also put {@code @AutoConfigureTestDatabase(replace = NONE)} on the test class itself,
 * because the slice's own one would otherwise win and swap in an embedded database.
 * The database may hold rows from earlier runs: tests must clean up after themselves or ignore foreign rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresAvailable.class)
@Import(PostgresTestConfiguration.class)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
public @interface PostgresTest {
}
