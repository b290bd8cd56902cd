package dev.milk.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StringUtils;

/**
 * Milk's defaults beneath every other source, so an explicit setting still overrides them: those
 * every process needs from {@code milk-defaults.yml} (the connection settings mapped to Spring's;
 * milk-app's {@code application.yml} is not on the modules' class paths), and here those computed
 * from other settings, which YAML cannot state. Each role's own are in milk-app's
 * {@code application-<role>.yml} (the profile {@link ProcessSettings} activates).
 */
public final class MilkEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE = "milkSettings";

    private static final String DEFAULTS_FILE = "milk-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
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
        defaults.putAll(LogFormat.of(environment).settings(MilkRole.of(environment), HostName.of()));
        // Tracing (off by default): spans of HTTP requests and of each event to its reply, sent by OTLP.
        // Off, nothing is sampled either: an unexported sampled span would still mark the metrics.
        boolean tracing = Boolean.parseBoolean(environment.getProperty("milk.tracing.enabled", "false").strip());
        defaults.put("management.tracing.export.enabled", tracing);
        defaults.put("spring.kafka.template.observation-enabled", tracing);
        defaults.put("management.tracing.sampling.probability",
                tracing ? "${milk.tracing.sampling-probability:0.1}" : "0");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        try {
            new YamlPropertySourceLoader().load(DEFAULTS_FILE, new ClassPathResource(DEFAULTS_FILE))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(DEFAULTS_FILE + " cannot be read", e);
        }
    }

    /** After Boot's config data, before every other Milk post-processor (they read these settings). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Override
    public int getOrder() {
        return ORDER;
    }
}
