package dev.milk.settings;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Translates Milk's own settings ({@code MILK_DATABASE_URL}, {@code MILK_KAFKA_BOOTSTRAP_SERVERS},
 * ...) into Spring Boot's, as defaults an explicit {@code spring.*} setting still overrides, and
 * keeps a {@code reads} process away from what only writers may touch: no writer connection pool,
 * no migrations, no Kafka.
 */
public final class MilkEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE = "milkSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.datasource.url", "${milk.database.url:}");
        defaults.put("spring.datasource.username", "${milk.database.username:}");
        defaults.put("spring.datasource.password", "${milk.database.password:}");
        defaults.put("spring.kafka.bootstrap-servers", "${milk.kafka.bootstrap-servers:localhost:9092}");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));

        if (MilkRole.of(environment) == MilkRole.READS) {
            Map<String, Object> readsOnly = new LinkedHashMap<>();
            readsOnly.put("spring.autoconfigure.exclude", String.join(",",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"));
            readsOnly.put("spring.flyway.enabled", "false");
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE + ".reads", readsOnly));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
