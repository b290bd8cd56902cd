package dev.milk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;

/** Each role starts only its half: the process a Swarm service runs with {@code MILK_ROLE}. */
@ExtendWith(OutputCaptureExtension.class)
class RolesTest {

    static {
        MilkTestInfrastructure.install();
    }

    /** On a database of its own: whatever ran before in this JVM, no writer has migrated it yet. */
    @Test
    void theReadsRoleServesPagesWithoutKafkaOrAWriterPool(CapturedOutput output) throws Exception {
        TestDatabase fresh = TestPostgres.anotherDatabase();
        String[] onFresh = {"--milk.database.url=" + fresh.url(), "--milk.database.username=" + fresh.username(),
            "--milk.database.password=" + (fresh.password() == null ? "" : fresh.password())};
        try (ConfigurableApplicationContext reads = start("reads", onFresh)) {
            assertThat(status(reads, "/raid/AAAAAAAAAAAA")).as("before the writer migrated").isEqualTo(503);
            assertThat(body(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(
                    "503 Service Unavailable: the archive cannot be read right now, try again shortly\n");
            start("writes", onFresh).close();

            assertThat(reads.getBeanNamesForType(KafkaAdmin.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(KafkaTemplate.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(KafkaListenerEndpointRegistry.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(DataSource.class))
                    .containsExactly("readsDataSource", "searchDataSource", "accessDataSource");
            assertThat(status(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(404);
            assertThat(body(reads, "/raid/AAAAAAAAAAAA")).isEqualTo("404 Not Found: no raid has this id\n");
        }
        assertThat(output).as("it connected with the writer's credentials")
                .contains("which can write to Milk's tables; in production set MILK_READS_DATABASE_USERNAME");
    }

    @Test
    void theWritesRoleConsumesKafkaAndOpensNoPublicRoute() throws Exception {
        try (ConfigurableApplicationContext writes = start("writes")) {
            assertThat(writes.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds())
                    .containsExactlyInAnyOrder("milk-raids", "milk-archives");
            assertThat(writes.getBeanNamesForType(DataSource.class)).doesNotContain("readsDataSource");
            assertThat(body(writes, "/raid/AAAAAAAAAAAA")).doesNotContain("no raid has this id");
            // Nobody logs in to a writer: no login in front of its routes nor its metrics, no sessions.
            assertThat(status(writes, "/raid/AAAAAAAAAAAA")).as("Spring's 404, not a login's 401").isEqualTo(404);
            assertThat(writes.getBeanNamesForType(org.springframework.security.web.SecurityFilterChain.class)).isEmpty();
            assertThat(writes.getBeanNamesForType(org.springframework.session.SessionRepository.class)).isEmpty();
            assertThat(status(writes, "/actuator/health/liveness")).isEqualTo(200);
            assertThat(status(writes, "/actuator/prometheus")).isEqualTo(200);
        }
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterAndProbesStayOpen() throws Exception {
        start("writes").close();
        try (ConfigurableApplicationContext reads = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=reads", "--milk.http.port=0", "--milk.reads.rate-limit.per-second=0.5",
                "--milk.reads.rate-limit.burst=3")) {
            for (int i = 0; i < 3; i++) {
                assertThat(status(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(404);
            }
            // No proxy is trusted by default: a visitor cannot escape the limit by naming another address.
            HttpResponse<String> limited = get(reads, "/raid/AAAAAAAAAAAA", "X-Forwarded-For", "203.0.113.9");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(limited.body()).isEqualTo("429 Too Many Requests: slow down, try again in 2 s\n");
            assertThat(status(reads, "/actuator/health/readiness")).isEqualTo(200);
        }
        try (ConfigurableApplicationContext behindProxy = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=reads", "--milk.http.port=0", "--milk.reads.rate-limit.per-second=0.5",
                "--milk.reads.rate-limit.burst=1", "--milk.reads.trusted-proxies=127.0.0.1/32,::1")) {
            // Behind a trusted proxy, each forwarded visitor has a bucket of its own.
            for (int visitor = 1; visitor <= 3; visitor++) {
                assertThat(get(behindProxy, "/raid/AAAAAAAAAAAA", "X-Forwarded-For", "203.0.113." + visitor)
                        .statusCode()).isEqualTo(404);
            }
            assertThat(get(behindProxy, "/raid/AAAAAAAAAAAA", "X-Forwarded-For", "203.0.113.1").statusCode())
                    .isEqualTo(429);
        }
    }

    /** @param arguments command-line settings, which outrank the test infrastructure's system properties */
    private static ConfigurableApplicationContext start(String role, String... arguments) {
        return new SpringApplicationBuilder(MilkApplication.class)
                .properties("milk.role=" + role, "milk.http.port=0", "milk.writes.group-id=roles-test-" + role)
                .run(arguments);
    }

    private static int status(ConfigurableApplicationContext context, String path) throws Exception {
        return get(context, path).statusCode();
    }

    private static String body(ConfigurableApplicationContext context, String path) throws Exception {
        return get(context, path).body();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LocalPorts.of(context, path) + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
