package dev.milk.writes.schema;

import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrations run in writer processes only, under Flyway's lock in the database, so any number of
 * replicas starting together apply each migration exactly once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadsRoleProperties.class)
public class SchemaConfiguration {

    @Bean
    FlywayConfigurationCustomizer readsRolePlaceholders(ReadsRoleProperties readsRole) {
        return flyway -> flyway.placeholders(Map.of(
                "readsRole", readsRole.name(),
                "readsPassword", readsRole.password()));
    }
}
