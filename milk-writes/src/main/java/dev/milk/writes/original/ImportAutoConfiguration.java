package dev.milk.writes.original;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/**
 * Role {@code import}: Milk's database, migrated as a writer migrates it, then the original
 * Milk's raids copied in. No Kafka, no HTTP: the process exits when the copy is done.
 */
@AutoConfiguration(after = FlywayAutoConfiguration.class)
@ConditionalOnRole(MilkRole.IMPORT)
@EnableConfigurationProperties(ImportProperties.class)
public class ImportAutoConfiguration {

    @Bean
    ImportRun originalMilkImport(ImportProperties settings, DataSource milk) {
        return new ImportRun(new OriginalMilkImport(settings.database().source(), milk));
    }
}
