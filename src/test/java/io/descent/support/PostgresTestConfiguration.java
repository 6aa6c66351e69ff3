package io.descent.support;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The PostgreSQL connection of a {@link PostgresTest}: the explicit URL, or a container. */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    static final String URL_PROPERTY = "descent.test.postgres-url";

    /** The URL given on the command line, or null. */
    public static String explicitUrl() {
        String url = System.getProperty(URL_PROPERTY, "").strip();
        return url.isEmpty() ? null : url;
    }

    @Bean
    @ConditionalOnExpression("'${" + URL_PROPERTY + ":}'.trim() != ''")
    JdbcConnectionDetails explicitPostgres() {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return explicitUrl();
            }
        };
    }

    @Bean
    @ServiceConnection
    @ConditionalOnExpression("'${" + URL_PROPERTY + ":}'.trim() == ''")
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer("postgres:16-alpine");
    }
}
