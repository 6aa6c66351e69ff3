package io.descent.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Skips a {@link PostgresTest} when neither an explicit PostgreSQL URL nor Docker is available. */
class PostgresAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (PostgresTestConfiguration.explicitUrl() != null) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + PostgresTestConfiguration.explicitUrl());
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("PostgreSQL in a Testcontainers container");
        }
        return ConditionEvaluationResult.disabled(
                "no PostgreSQL: pass -Dpostgres.url=jdbc:postgresql://host:5432/db or make Docker available");
    }
}
