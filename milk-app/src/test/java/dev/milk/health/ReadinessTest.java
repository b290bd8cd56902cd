package dev.milk.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;
import dev.milk.testing.Waits;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Readiness follows the real servers a role needs as they go away (and come back); liveness does not. */
class ReadinessTest {

    @Test
    void readinessIsDownWhilePostgresIsStoppedAndUpWhenItReturns(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = start(data, port);
        try (var reads = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=reads",
                "--milk.database.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--milk.http.port=0");
             HttpClient http = HttpClient.newHttpClient()) {
            int managementPort = LocalPorts.of(reads, "/actuator/health");
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);

            postgres.close();
            awaitStatus(http, managementPort, "/actuator/health/readiness", 503);
            assertThat(status(http, managementPort, "/actuator/health/liveness")).isEqualTo(200);

            postgres = start(data, port);
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);
        } finally {
            postgres.close();
        }
    }

    @Test
    void aWritersReadinessIsDownWhileKafkaIsUnreachable() throws Exception {
        var kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerListProperty(TestKafka.UNUSED_PROPERTY + ".readiness");
        kafka.afterPropertiesSet();
        try (var writes = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=writes",
                "--milk.database.url=" + TestPostgres.database().url(),
                "--milk.database.username=" + TestPostgres.database().username(),
                "--milk.kafka.bootstrap-servers=" + kafka.getBrokersAsString(), "--milk.http.port=0",
                "--milk.writes.group-id=readiness-test");
             HttpClient http = HttpClient.newHttpClient()) {
            int managementPort = LocalPorts.of(writes, "/actuator/health");
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);

            kafka.destroy();
            awaitStatus(http, managementPort, "/actuator/health/readiness", 503);
            assertThat(status(http, managementPort, "/actuator/health/liveness")).isEqualTo(200);
        } finally {
            kafka.destroy();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void awaitStatus(HttpClient http, int port, String path, int expected) {
        Waits.upTo(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).alias(path + " answering " + expected)
                .until(() -> status(http, port, path) == expected);
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
