package dev.milk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Docker image, built from the Dockerfile, runs each role against real PostgreSQL and Kafka
 * containers and answers its readiness probe. Needs a Docker engine: without one JUnit reports
 * this class as skipped ("disabledWithoutDocker"), and the rest of the suite still runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageTest {

    private static final Network NETWORK = Network.newNetwork();
    private static final ImageFromDockerfile IMAGE = new ImageFromDockerfile("milk-image-test", true)
            .withDockerfile(Path.of("..", "Dockerfile").toAbsolutePath().normalize());

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine")
            .withNetwork(NETWORK).withNetworkAliases("postgres");

    @Container
    static final GenericContainer<?> KAFKA = new GenericContainer<>("apache/kafka:4.1.0")
            .withNetwork(NETWORK).withNetworkAliases("kafka")
            .withEnv("KAFKA_NODE_ID", "1")
            .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
            .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
            .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092")
            .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
            .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
            .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_MESSAGE_MAX_BYTES", "8388608")
            .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1));

    @Test
    @Order(1)
    void theWritesRoleStartsMigratesAndIsReady() throws Exception {
        try (var writes = milk("writes").withEnv("MILK_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")) {
            writes.start();
            assertThat(status(writes, "/actuator/health/readiness")).isEqualTo(200);
            assertThat(status(writes, "/raid/AAAAAAAAAAAA")).as("no public routes in writes").isNotEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void theReadsRoleStartsAndServes() throws Exception {
        try (var reads = milk("reads")) {
            reads.start();
            assertThat(status(reads, "/actuator/health/readiness")).isEqualTo(200);
            assertThat(status(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(404);
        }
    }

    private static GenericContainer<?> milk(String role) {
        return new GenericContainer<>(IMAGE).withNetwork(NETWORK)
                .withEnv("MILK_ROLE", role)
                .withEnv("MILK_DATABASE_URL", "jdbc:postgresql://postgres:5432/" + POSTGRES.getDatabaseName())
                .withEnv("MILK_DATABASE_USERNAME", POSTGRES.getUsername())
                .withEnv("MILK_DATABASE_PASSWORD", POSTGRES.getPassword())
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
    }

    private static int status(GenericContainer<?> milk, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://" + milk.getHost() + ":" + milk.getMappedPort(8080) + path);
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
