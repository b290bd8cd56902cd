package dev.milk.dce.importer;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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
    DceImportRun dceImportRun(DceImportProperties settings, Environment environment,
            @Value("${milk.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${milk.writes.service-name:milk}") String milkService,
            @Value("${milk.public-url:}") String publicUrl) {
        return new DceImportRun(settings, bootstrapServers, kafka(environment), milkService, publicUrl);
    }

    /**
     * A secured cluster's settings, as the writers read them from Spring Boot's names: the
     * security protocol and every {@code spring.kafka.properties.*} (SASL's among them).
     */
    private static Map<String, Object> kafka(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> kafka = new HashMap<>(binder.bind("spring.kafka.properties",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        binder.bind("spring.kafka.security.protocol", String.class).ifBound(p -> kafka.put("security.protocol", p));
        return kafka;
    }
}
