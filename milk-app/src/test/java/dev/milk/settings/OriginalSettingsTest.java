package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;

/**
 * An operator's {@code .env} from the original Milk, passed to Milk as its environment (as
 * {@code docker run --env-file .env} does), runs Milk as it ran the original; Milk's own settings
 * win wherever both are set.
 */
class OriginalSettingsTest {

    /** Milk's tables exist, as after a writer's first start: the reads below answer from them. */
    @BeforeAll
    static void migrated() {
        EnvironmentOnly.start(Map.of("DATABASE_URL", prismaUrl(TestPostgres.database()),
                "KAFKA_HOST", TestKafka.bootstrapServers(), "WRITES_ENABLED", "true", "SERVER_PORT", "0",
                "MILK_WRITES_RAID_TOPIC", "raid-management-original-settings",
                "MILK_WRITES_ARCHIVE_TOPIC", "message-archives-original-settings")).close();
    }

    @Test
    void theOriginalsReadsSettingsServeThePublicRoutes() throws Exception {
        Map<String, Object> env = Map.of("DATABASE_URL", prismaUrl(TestPostgres.database()) + "?schema=public",
                "READS_ENABLED", "true", "WRITES_ENABLED", "false", "SERVER_PORT", "0",
                "SENTRY_DSN", "https://key@sentry.example/1");
        try (ConfigurableApplicationContext milk = EnvironmentOnly.start(env)) {
            assertThat(MilkRole.of(milk.getEnvironment())).isEqualTo(MilkRole.READS);
            assertThat(milk.getEnvironment().getProperty("milk.database.url")).endsWith("?currentSchema=public");
            // 404 is an answer from the database (without it, 503): the original's URL reached it.
            assertThat(get(milk, "/raid/AAAAAAAAAAAA").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theOriginalsWriterSettingsUseItsKafka() {
        Map<String, Object> env = Map.of("DATABASE_URL", prismaUrl(TestPostgres.database()),
                "KAFKA_HOST", TestKafka.bootstrapServers(), "WRITES_ENABLED", "TRUE", "READS_ENABLED", "no",
                "SERVER_PORT", "0", "MILK_WRITES_RAID_TOPIC", "raid-management-original-settings",
                "MILK_WRITES_ARCHIVE_TOPIC", "message-archives-original-settings");
        try (ConfigurableApplicationContext milk = EnvironmentOnly.start(env)) {
            assertThat(MilkRole.of(milk.getEnvironment())).isEqualTo(MilkRole.WRITES);
            assertThat(milk.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo(TestKafka.bootstrapServers());
            assertThat(milk.containsBean("standaloneKafka")).isFalse();
            assertThat(milk.containsBean("standalonePostgres")).isFalse();
        }
    }

    @Test
    void milksOwnSettingsWinOverTheOriginals() throws Exception {
        try (var taken = new ServerSocket(0)) {
            Map<String, Object> env = new HashMap<>(Map.of("MILK_ROLE", "reads", "READS_ENABLED", "false",
                    "WRITES_ENABLED", "true", "MILK_DATABASE_URL", TestPostgres.database().url(),
                    "MILK_DATABASE_USERNAME", TestPostgres.database().username(),
                    "DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none",
                    "SERVER_PORT", Integer.toString(taken.getLocalPort()), "MILK_HTTP_PORT", "0"));
            if (TestPostgres.database().password() != null) {
                env.put("MILK_DATABASE_PASSWORD", TestPostgres.database().password());
            }
            try (ConfigurableApplicationContext milk = EnvironmentOnly.start(env)) {
                assertThat(MilkRole.of(milk.getEnvironment())).isEqualTo(MilkRole.READS);
                assertThat(milk.getEnvironment().getProperty("local.server.port", Integer.class))
                        .isNotEqualTo(taken.getLocalPort());
                assertThat(get(milk, "/raid/AAAAAAAAAAAA").statusCode()).isEqualTo(404);
            }
        }
    }

    /** The test database as the original's Prisma URL: {@code postgresql://user:password@host:port/db}. */
    private static String prismaUrl(TestDatabase database) {
        URI jdbc = URI.create(database.url().substring("jdbc:".length()));
        String password = database.password() == null ? ""
                : ":" + URLEncoder.encode(database.password(), StandardCharsets.UTF_8);
        return "postgresql://" + URLEncoder.encode(database.username(), StandardCharsets.UTF_8) + password + "@"
                + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext milk, String path) throws Exception {
        int port = milk.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
