package dev.milk.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StringUtils;

/**
 * Reads secrets from files ({@code MILK_*_FILE}), understands the original Milk's settings where
 * Milk's are absent, translates Milk's own settings ({@code MILK_DATABASE_URL},
 * {@code MILK_KAFKA_BOOTSTRAP_SERVERS}, ...) into Spring Boot's, as defaults an explicit
 * {@code spring.*} setting still overrides, and keeps a {@code reads} process away from what only
 * writers may touch (no writer connection pool, no migrations, no Kafka) and an {@code import}
 * run away from Kafka and HTTP.
 */
public final class MilkEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE = "milkSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        readSecretFiles(environment);
        Map<String, Object> original = OriginalMilkSettings.translate(environment);
        if (!original.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE + ".original", original));
        }
        if (StringUtils.hasText(environment.getProperty("milk.http.port"))
                && StringUtils.hasText(environment.getProperty("SERVER_PORT"))) {
            // Spring Boot reads the original's SERVER_PORT itself; MILK_HTTP_PORT, where set, wins.
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE + ".port",
                    Map.of("server.port", environment.getProperty("milk.http.port"))));
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        // Health and metrics on a port of their own, which the stack never publishes. A process
        // given a random public port gets a random management port too, as Spring Boot's tests do,
        // so processes side by side never reach for the same fixed one.
        String managementPort = "0".equals(environment.getProperty("server.port", "").strip()) ? "0" : "8081";
        defaults.put("management.server.port", "${milk.management.port:" + managementPort + "}");
        defaults.put("spring.datasource.url", "${milk.database.url:}");
        defaults.put("spring.datasource.username", "${milk.database.username:}");
        defaults.put("spring.datasource.password", "${milk.database.password:}");
        defaults.put("spring.kafka.bootstrap-servers", "${milk.kafka.bootstrap-servers:localhost:9092}");
        // A probe or a request should learn in seconds that the database is gone, not in 30.
        defaults.put("spring.datasource.hikari.connection-timeout", "3000");
        // Named as the reads pool is: metrics and logs tell the two apart (pool="milk-writes").
        defaults.put("spring.datasource.hikari.pool-name", "milk-writes");
        // An error names what failed, never the values of the row it failed on: logs hold no content.
        defaults.put("spring.datasource.hikari.data-source-properties.logServerErrorDetail", "false");
        MilkRole role = MilkRole.of(environment);
        defaults.putAll(LogFormat.of(environment).settings(role, HostName.of()));
        // Tracing (off by default): spans of HTTP requests and of each event to its reply, sent by OTLP.
        // Off, nothing is sampled either: an unexported sampled span would still mark the metrics.
        boolean tracing = Boolean.parseBoolean(environment.getProperty("milk.tracing.enabled", "false").strip());
        defaults.put("management.tracing.export.enabled", tracing);
        defaults.put("spring.kafka.template.observation-enabled", tracing);
        defaults.put("management.opentelemetry.tracing.export.otlp.endpoint",
                "${milk.tracing.otlp-endpoint:http://localhost:4318/v1/traces}");
        defaults.put("management.tracing.sampling.probability",
                tracing ? "${milk.tracing.sampling-probability:0.1}" : "0");
        // No exemplars on the metrics: Prometheus before 2.43 refuses a whole scrape over one on a
        // histogram's _count (seen on Debian's 2.42), and the trace ids are in the logs.
        defaults.put("management.tracing.exemplars.include", "none");
        // Every meter carries the role, so one dashboard tells writers from readers.
        defaults.put("management.metrics.tags.role", role.label());
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));

        if (role == MilkRole.READS) {
            Map<String, Object> readsOnly = new LinkedHashMap<>();
            readsOnly.put("spring.autoconfigure.exclude", String.join(",",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"));
            readsOnly.put("spring.flyway.enabled", "false");
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE + ".reads", readsOnly));
        }
        if (role == MilkRole.IMPORT) {
            // A one-shot run: the writer's database and its migrations, no Kafka, no HTTP.
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE + ".import", Map.of(
                    "spring.autoconfigure.exclude", "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                    "spring.main.web-application-type", "none")));
        }
    }

    /**
     * Docker secrets: {@code MILK_X_FILE=/run/secrets/x} sets {@code MILK_X} to the file's content,
     * through the same relaxed names as a real environment variable.
     */
    private static void readSecretFiles(ConfigurableEnvironment environment) {
        var systemEnvironment = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(systemEnvironment instanceof EnumerablePropertySource<?> variables)) {
            return;
        }
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (String name : variables.getPropertyNames()) {
            if (!name.startsWith("MILK_") || !name.endsWith("_FILE")) {
                continue;
            }
            String target = name.substring(0, name.length() - "_FILE".length());
            // Empty is unset, as .env.example's empty lines leave them once sourced.
            if (!StringUtils.hasText(String.valueOf(variables.getProperty(name)))) {
                continue;
            }
            if (StringUtils.hasText((String) variables.getProperty(target))) {
                throw new SettingException(name, "and " + target + " are both set; set only one");
            }
            Path file = Path.of(String.valueOf(variables.getProperty(name)));
            try {
                secrets.put(target, Files.readString(file).strip());
            } catch (IOException | RuntimeException e) {
                throw new SettingException(name, "names " + file + ", which cannot be read (" + e + ")");
            }
        }
        if (!secrets.isEmpty()) {
            // The name marks it as environment variables, so Boot maps MILK_A_B to milk.a-b as usual.
            environment.getPropertySources().addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(SOURCE + "Files-"
                            + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, secrets));
        }
    }

    /** After Boot's config data, before every other Milk post-processor (they read these settings). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Override
    public int getOrder() {
        return ORDER;
    }
}
