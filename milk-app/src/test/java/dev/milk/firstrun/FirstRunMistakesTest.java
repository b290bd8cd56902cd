package dev.milk.firstrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.Jdk17;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;
import dev.milk.testing.TimeScale;

/**
 * The mistakes of a first run, made in a real process: each ends it with a non-zero status and one
 * line naming the setting to change, and a run command stopped by a signal ends with 0.
 */
class FirstRunMistakesTest {

    private static final Duration START_UP = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void theWrapperOnAnOlderJavaNamesJdk25() throws Exception {
        var wrapper = new ProcessBuilder(Path.of("..", "mvnw").toAbsolutePath().normalize().toString(), "--version")
                .redirectErrorStream(true).redirectOutput(folder.resolve("mvnw.log").toFile());
        wrapper.environment().put("JAVA_HOME", Jdk17.home().toString());
        Run run = new Run(wrapper.start(), folder.resolve("mvnw.log"));

        assertThat(run.awaitExit()).isNotZero();
        assertThat(run.output().strip()).startsWith("Milk builds with JDK 25, and " + Jdk17.home().resolve("bin/java")
                + " is Java 17: install JDK 25 and point JAVA_HOME at it").doesNotContain("Unrecognized option");
    }

    @Test
    void aJarWithoutADatabaseUrlFailsInsteadOfKeepingDataInAFolderNobodyBacksUp() throws Exception {
        Run run = start(Map.of());

        assertThat(run.awaitExit()).isNotZero();
        assertThat(run.output()).contains("MILK_DATABASE_URL is not set; role all requires it");
        assertThat(folder.resolve("milk-data")).doesNotExist();
    }

    @Test
    void aTakenHttpPortNamesMilkHttpPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = start(withInfrastructure(Map.of("MILK_HTTP_PORT", port(taken))));

            assertThat(run.awaitExit()).isNotZero();
            assertThat(run.output()).contains("Port " + port(taken) + " (MILK_HTTP_PORT) is taken by another process")
                    .contains("set MILK_HTTP_PORT to a free port");
        }
    }

    @Test
    void aTakenManagementPortNamesMilkManagementPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = start(withInfrastructure(Map.of("MILK_MANAGEMENT_PORT", port(taken))));

            assertThat(run.awaitExit()).isNotZero();
            assertThat(run.output()).contains("Port " + port(taken) + " (MILK_MANAGEMENT_PORT) is taken");
        }
    }

    @Test
    void aTakenKafkaPortOfTheRunCommandNamesItsSettingAndTheProcessEnds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            TestDatabase database = TestPostgres.database();
            Run run = start(Map.of("MILK_EMBEDDED", "true", "MILK_STANDALONE_KAFKA_PORT", port(taken),
                    "MILK_DATABASE_URL", database.url(), "MILK_DATABASE_USERNAME", database.username(),
                    "MILK_STANDALONE_DATA_DIR", folder.resolve("data").toString()));

            int status = run.awaitExit();
            assertThat(status).as("the process ends (the broker's threads used to keep it alive)").isNotZero();
            // The status in the message: one CI run saw this process end after 2.9 s having written nothing.
            assertThat(run.output()).as("the output of a run that ended with status %d", status)
                    .contains("MILK_STANDALONE_KAFKA_PORT is " + port(taken) + ": the embedded Kafka could not listen");
        }
    }

    @Test
    void theRunCommandStoppedBySignalEndsWithZeroItsPostgresStopped() throws Exception {
        int kafkaPort = ChildProcesses.freePort();
        int managementPort = ChildProcesses.freePort();
        Path data = folder.resolve("data");
        Run run = start(Map.of("MILK_EMBEDDED", "true", "MILK_STANDALONE_KAFKA_PORT", Integer.toString(kafkaPort),
                "MILK_STANDALONE_DATA_DIR", data.toString(),
                "MILK_HTTP_PORT", Integer.toString(ChildProcesses.freePort()),
                "MILK_MANAGEMENT_PORT", Integer.toString(managementPort)));
        run.awaitHealthy(managementPort);
        ChildProcesses.awaitPort(kafkaPort, Duration.ofSeconds(5));
        assertThat(data.resolve("postgres/postmaster.pid")).as("the embedded PostgreSQL runs").exists();

        run.process.destroy();

        assertThat(run.awaitExit()).as("a stop by SIGTERM, as spring-boot:run sends it").isZero();
        assertThat(data.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped before the process ended").doesNotExist();
        assertThat(run.output()).doesNotContain("ERROR");
    }

    @Test
    void aDemoVariableOfAnotherProgramStartsNothingEmbedded() throws Exception {
        Run run = start(Map.of("DEMO", "1"));

        assertThat(run.awaitExit()).isNotZero();
        assertThat(run.output()).contains("MILK_DATABASE_URL is not set; role all requires it");
        assertThat(folder.resolve("milk-data")).doesNotExist();
    }

    private Map<String, String> withInfrastructure(Map<String, String> settings) {
        TestDatabase database = TestPostgres.database();
        Map<String, String> all = new HashMap<>(Map.of("MILK_DATABASE_URL", database.url(),
                "MILK_DATABASE_USERNAME", database.username(), "MILK_KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "MILK_HTTP_PORT", Integer.toString(ChildProcesses.freePort()),
                "MILK_MANAGEMENT_PORT", Integer.toString(ChildProcesses.freePort())));
        all.putAll(settings);
        return all;
    }

    private static String port(ServerSocket socket) {
        return Integer.toString(socket.getLocalPort());
    }

    /** Milk on the test classpath, in {@link #folder}, with only the given settings (none inherited). */
    private Run start(Map<String, String> settings) throws IOException {
        Path log = folder.resolve("milk.log");
        var builder = new ProcessBuilder(ChildProcesses.java("dev.milk.MilkApplication")).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MILK_") || name.startsWith("SPRING_"));
        builder.environment().putAll(settings);
        return new Run(builder.start(), log);
    }

    private record Run(Process process, Path log) {

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(TimeScale.of(START_UP).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Milk is still running after " + TimeScale.of(START_UP) + ":\n"
                        + ChildProcesses.tail(log));
            }
            return process.exitValue();
        }

        void awaitHealthy(int managementPort) throws InterruptedException {
            var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build();
            Instant deadline = Instant.now().plus(TimeScale.of(START_UP));
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                ChildProcesses.pause(200);
            }
            process.destroyForcibly();
            throw new AssertionError("Milk did not become healthy:\n" + ChildProcesses.tail(log));
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
