package dev.milk.dce.importer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/**
 * Role {@code import-dce}: DiscordChatExporter's exports published to Milk's topic as a bot
 * publishes archives; the process exits when they are sealed (and their files fetched).
 */
@AutoConfiguration
@ConditionalOnRole(value = MilkRole.IMPORT_DCE, exactly = true)
@EnableConfigurationProperties(DceImportProperties.class)
public class DceImportAutoConfiguration {

    @Bean
    DceImportRun dceImportRun(DceImportProperties settings,
            @Value("${milk.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${milk.writes.service-name:milk}") String milkService,
            @Value("${milk.public-url:}") String publicUrl) {
        return new DceImportRun(settings, bootstrapServers, milkService, publicUrl);
    }
}
