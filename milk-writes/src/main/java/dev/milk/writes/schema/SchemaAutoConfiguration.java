package dev.milk.writes.schema;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/**
 * Migrations run in writer processes (and the import) only, under Flyway's lock in the database,
 * so any number of replicas starting together apply each migration exactly once. They live in
 * {@value #LOCATION}, not Flyway's default {@code db/migration}: a jar of Milk's on some other
 * application's classpath never offers them to that application's Flyway.
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnRole({MilkRole.WRITES, MilkRole.IMPORT})
@EnableConfigurationProperties(ReadsRoleProperties.class)
public class SchemaAutoConfiguration {

    static final String LOCATION = "classpath:dev/milk/schema";

    @Bean
    FlywayConfigurationCustomizer milkSchema(ReadsRoleProperties readsRole) {
        return flyway -> flyway.locations(LOCATION).placeholders(Map.of(
                "readsRole", readsRole.name(),
                "readsPassword", readsRole.password()));
    }
}
