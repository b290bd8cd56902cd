package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestPostgres;
import dev.milk.testing.Waits;

/**
 * Passwords given to Milk appear nowhere: not in its log at INFO, not on any route of the
 * management port. Each exposed route is read whole (it answers 200 with what it exists to show, so
 * a password it held would be in the body), and the routes that show settings stay closed.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutTest {

    static {
        MilkTestInfrastructure.install();
    }

    /** Every route application.yml exposes, and a line each shows only when it answers in full. */
    private static final Map<String, String> EXPOSED = Map.of(
            "/actuator", "\"_links\"",
            "/actuator/health", "\"status\":\"UP\"",
            "/actuator/health/readiness", "\"db\"",
            "/actuator/health/liveness", "\"status\":\"UP\"",
            "/actuator/info", "{",
            "/actuator/prometheus", "jvm_memory_used_bytes");

    /** Actuator's routes that would show settings, passwords among them, were they exposed. */
    private static final List<String> CLOSED = List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
            "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers", "/actuator/mappings");

    @Test
    void noPasswordInTheLogOrOnActuator(CapturedOutput output) {
        String databasePassword = "db-secret-" + System.nanoTime();
        String readsPassword = "reads-secret-" + System.nanoTime();
        // The test server trusts local connections, so any password logs in: what matters is where it shows.
        try (var milk = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=all", "--milk.http.port=0",
                "--logging.level.root=INFO", "--milk.database.password=" + databasePassword,
                "--milk.reads-role.password=" + readsPassword, "--milk.writes.raid.topic=raid-management-secrets",
                "--milk.writes.archive.topic=message-archives-secrets",
                "--milk.database.url=" + TestPostgres.database().url())) {
            int port = LocalPorts.of(milk, "/actuator");
            // Readiness answers 503 until Kafka's topics exist; its details are what a leak would show.
            Waits.upTo(Duration.ofSeconds(30)).alias("readiness")
                    .until(() -> RawHttp.send(port, "GET", "/actuator/health/readiness", Map.of()).status() == 200);
            EXPOSED.forEach((route, shown) -> {
                RawHttp.Response response = RawHttp.send(port, "GET", route, Map.of());
                assertThat(response.status()).as(route).isEqualTo(200);
                assertThat(response.body()).as(route).contains(shown)
                        .doesNotContain(databasePassword).doesNotContain(readsPassword);
            });
            for (String route : CLOSED) {
                assertThat(RawHttp.send(port, "GET", route, Map.of()).status()).as(route).isEqualTo(404);
            }
        }
        assertThat(output.getAll()).contains("Started ").doesNotContain(databasePassword)
                .doesNotContain(readsPassword);
    }
}
