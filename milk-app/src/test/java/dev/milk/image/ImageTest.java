package dev.milk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milk.LocalPorts;
import dev.milk.processes.ChildProcesses;
import dev.milk.testing.DockerTest;
import dev.milk.testing.TimeScale;

/**
 * The Docker image runs each role against PostgreSQL and Kafka containers and answers its
 * readiness probe. The images are swarm-test/run.sh's: Milk's built from the Dockerfile, the
 * others local stand-ins where nothing can be pulled (the official ones elsewhere). Driven with
 * the docker CLI, which needs nothing beyond the images it is given.
 */
@DockerTest
class ImageTest {

    private static final String NETWORK = "milk-image-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> containers = new ArrayList<>();
    private static final int PUBLIC_PORT = 8080;
    private static final int MANAGEMENT_PORT = 8081;
    private static SwarmTestScript.Images images;

    @BeforeAll
    static void services() {
        images = SwarmTestScript.images();
        docker("network", "create", NETWORK);
        start("postgres", images.postgres(), "-e", "POSTGRES_USER=milk", "-e", "POSTGRES_DB=milk",
                "-e", "POSTGRES_PASSWORD=image-test");
        start("kafka", images.kafka(), "--hostname", "kafka",
                "-e", "KAFKA_NODE_ID=1", "-e", "KAFKA_PROCESS_ROLES=broker,controller",
                "-e", "KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093",
                "-e", "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092",
                "-e", "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
                "-e", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "-e", "KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka:9093", "-e", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1");
    }

    @AfterAll
    static void stop() {
        containers.forEach(id -> docker("rm", "--force", "--volumes", id));
        if (images != null) {
            docker("network", "rm", NETWORK);
        }
    }

    @Test
    void theWritesRoleMigratesAndIsReadyAndTheReadsRoleServes() throws Exception {
        String writes = milk("writes", "-e", "MILK_KAFKA_BOOTSTRAP_SERVERS=kafka:9092");
        assertThat(status(writes, "/actuator/health/readiness")).isEqualTo(200);
        HttpResponse<String> raidOnWrites = get(writes, PUBLIC_PORT, "/raid/AAAAAAAAAAAA");
        assertThat(raidOnWrites.statusCode()).as("a writer maps no public route: Spring's 404 for an unmapped path")
                .isEqualTo(404);
        assertThat(raidOnWrites.body()).as("not the reads role's answer").doesNotContain("no raid has this id");
        String reads = milk("reads");
        assertThat(status(reads, "/actuator/health/readiness")).isEqualTo(200);
        HttpResponse<String> raidOnReads = get(reads, PUBLIC_PORT, "/raid/AAAAAAAAAAAA");
        assertThat(raidOnReads.statusCode()).as("the reads role's raid route, for a raid nobody stored").isEqualTo(404);
        assertThat(raidOnReads.body()).isEqualTo("404 Not Found: no raid has this id\n");
        assertThat(status(reads, PUBLIC_PORT, "/actuator/health")).as("management routes on the public port")
                .isEqualTo(404);
        awaitHealthy(writes);
        awaitHealthy(reads);
    }

    @Test
    void roleAllWithoutADatabaseStopsNamingTheSetting() {
        String all = start("all-" + UUID.randomUUID().toString().substring(0, 8), images.milk());
        Instant deadline = Instant.now().plus(TimeScale.of(Duration.ofMinutes(2)));
        while (docker("inspect", "--format", "{{.State.Running}}", all).strip().equals("true")
                && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(500);
        }
        assertThat(docker("inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}", all).strip())
                .as("stopped, with the JVM's exit status for a failed start").isEqualTo("false 1");
        assertThat(docker("logs", all)).contains("MILK_DATABASE_URL is not set; role all requires it");
    }

    /** A Milk container of {@code role}, once its readiness probe answers 200 on its published management port. */
    private static String milk(String role, String... options) {
        List<String> arguments = new ArrayList<>(List.of("-e", "MILK_ROLE=" + role,
                "-e", "MILK_DATABASE_URL=jdbc:postgresql://postgres:5432/milk", "-e", "MILK_DATABASE_USERNAME=milk",
                "-e", "MILK_DATABASE_PASSWORD=image-test", "--publish", "127.0.0.1::" + PUBLIC_PORT,
                "--publish", "127.0.0.1::" + MANAGEMENT_PORT));
        arguments.addAll(List.of(options));
        String id = start(role + "-" + UUID.randomUUID().toString().substring(0, 8), images.milk(),
                arguments.toArray(String[]::new));
        Duration within = TimeScale.of(Duration.ofMinutes(3));
        Instant deadline = Instant.now().plus(within);
        while (true) {
            try {
                if (status(id, "/actuator/health/readiness") == 200) {
                    return id;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(role + " was not ready within " + within + ":\n" + docker("logs", "--tail", "40", id));
            }
            ChildProcesses.pause(1_000);
        }
    }

    private static String start(String name, String image, String... options) {
        List<String> command = new ArrayList<>(List.of("run", "--detach", "--name", NETWORK + "-" + name,
                "--network", NETWORK, "--network-alias", name));
        command.addAll(List.of(options));
        command.add(image);
        String id = docker(command.toArray(String[]::new)).strip();
        containers.add(id);
        return id;
    }

    /**
     * The image's own HEALTHCHECK (readiness on the management port) passes: Swarm would route to
     * the task and let a rolling update go on.
     */
    private static void awaitHealthy(String container) {
        Duration within = TimeScale.of(Duration.ofMinutes(2));
        Instant deadline = Instant.now().plus(within);
        String health;
        while (!(health = docker("inspect", "--format", "{{.State.Health.Status}}", container).strip()).equals("healthy")) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the image's health check says '" + health + "' after " + within + ": "
                        + docker("inspect", "--format", "{{json .State.Health.Log}}", container));
            }
            ChildProcesses.pause(1_000);
        }
    }

    /** The status of {@code path}, asked of the management port for {@code /actuator/...}. */
    private static int status(String container, String path) throws IOException {
        return status(container, LocalPorts.isManagement(path) ? MANAGEMENT_PORT : PUBLIC_PORT, path);
    }

    private static int status(String container, int containerPort, String path) throws IOException {
        return get(container, containerPort, path).statusCode();
    }

    private static HttpResponse<String> get(String container, int containerPort, String path) throws IOException {
        String port = docker("port", container, containerPort + "/tcp").lines().findFirst().orElseThrow()
                .replaceAll(".*:", "");
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
