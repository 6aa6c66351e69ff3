package io.descent.web;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

/** The OpenAPI document's header; operations and schemas describe themselves where they are declared. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI descentOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties b = build.getIfAvailable();
        return new OpenAPI().info(new Info()
                .title("Descent")
                .version(b == null ? "dev" : b.getVersion())
                .description("""
                        Self-hosted training of neural networks: upload a CSV dataset, post a TrainingSpec, and follow \
                        the job as it trains. Every job, run, epoch and k-fold result is kept in the database. \
                        Errors are RFC 9457 problem details (application/problem+json).""")
                .license(new License().name("Apache-2.0")));
    }
}
