package dev.milk.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * The original (Node) Milk's settings, understood where Milk's own are absent, so an operator's
 * {@code .env} (passed as the environment, as {@code docker run --env-file} and Compose's
 * {@code env_file} do) keeps working: {@code DATABASE_URL}, {@code KAFKA_HOST},
 * {@code READS_ENABLED} / {@code WRITES_ENABLED} and {@code TRUST_PROXY}. {@code SERVER_PORT} is
 * Spring Boot's own already; {@code SENTRY_DSN} has no counterpart and is ignored.
 */
final class OriginalMilkSettings {

    private OriginalMilkSettings() {
    }

    /** @return Milk's settings the original's imply, for a source below every {@code MILK_*} one */
    static Map<String, Object> translate(ConfigurableEnvironment environment) {
        Map<String, Object> settings = new LinkedHashMap<>();
        String databaseUrl = environment.getProperty("DATABASE_URL");
        if (StringUtils.hasText(databaseUrl) && !has(environment, "milk.database.url")) {
            PostgresUrl location = PostgresUrl.parse("DATABASE_URL", databaseUrl);
            settings.put("milk.database.url", location.url());
            if (location.username() != null) {
                settings.put("milk.database.username", location.username());
            }
            if (location.password() != null) {
                settings.put("milk.database.password", location.password());
            }
        }
        String kafkaHost = environment.getProperty("KAFKA_HOST");
        if (StringUtils.hasText(kafkaHost) && !has(environment, "milk.kafka.bootstrap-servers")) {
            settings.put("milk.kafka.bootstrap-servers", kafkaHost.strip());
        }
        String reads = environment.getProperty("READS_ENABLED");
        String writes = environment.getProperty("WRITES_ENABLED");
        if ((reads != null || writes != null) && !has(environment, MilkRole.PROPERTY)) {
            settings.put(MilkRole.PROPERTY, role(enabled(reads), enabled(writes)).label());
        }
        if (enabled(environment.getProperty("TRUST_PROXY")) && !has(environment, "milk.reads.trusted-proxies")) {
            // The original trusted every proxy (Fastify's trustProxy: true).
            settings.put("milk.reads.trusted-proxies", "0.0.0.0/0,::/0");
        }
        return settings;
    }

    /** As the original read them: only the text {@code true}, in any case, enables. */
    private static boolean enabled(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }

    private static MilkRole role(boolean reads, boolean writes) {
        if (reads && writes) {
            return MilkRole.ALL;
        }
        if (reads || writes) {
            return reads ? MilkRole.READS : MilkRole.WRITES;
        }
        throw new SettingException("READS_ENABLED", "and WRITES_ENABLED are both false: set one of them to true, "
                + "or set MILK_ROLE");
    }

    private static boolean has(ConfigurableEnvironment environment, String property) {
        return StringUtils.hasText(environment.getProperty(property));
    }
}
