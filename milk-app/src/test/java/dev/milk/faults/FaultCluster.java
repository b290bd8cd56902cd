package dev.milk.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The processes of a fault scenario, each its own OS process as in production: a PostgreSQL
 * server, a Kafka broker (KRaft, {@code kafka.Kafka} from Kafka's own jars) and Milk's jar in any
 * number of roles. Each can be killed, stopped and started again; logs are kept under
 * {@code target/faults/<scenario>}.
 */
final class FaultCluster implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();

    private final Path dir;
    private final int postgresPort = freePort();
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final String clusterId = "milkFaultSuite" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Milk> milks = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedPostgres postgres;
    private Process broker;
    private boolean formatted;

    FaultCluster(String scenario) throws IOException {
        this.dir = Path.of("target", "faults", scenario).toAbsolutePath();
        // A fresh start: no data or log of an earlier run.
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        startPostgres();
        startBroker();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres?user=postgres";
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(false)
                .setPort(postgresPort).start();
    }

    void stopPostgres() throws IOException {
        postgres.close();
    }

    void startBroker() throws IOException {
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort,
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("kafka"), "num.partitions=1", "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", "message.max.bytes=8388608", ""));
        if (!formatted) {
            run(java("kafka.tools.StorageTool", "format", "--ignore-formatted", "--cluster-id", clusterId,
                    "--config", config.toString()), dir.resolve("kafka-format.log"), Duration.ofMinutes(1));
            formatted = true;
        }
        broker = start(java("kafka.Kafka", config.toString()), dir.resolve("kafka.log"));
        awaitPort(kafkaPort, Duration.ofSeconds(60));
    }

    /** A clean stop (SIGTERM): the broker shuts down in order, as a restart in production does. */
    void stopBroker() throws InterruptedException {
        broker.destroy();
        if (!broker.waitFor(60, TimeUnit.SECONDS)) {
            broker.destroyForcibly().waitFor();
        }
    }

    /** A Milk process in {@code role}, started and ready. */
    Milk milk(String name, String role, Map<String, String> settings) throws IOException {
        int port = freePort();
        Map<String, String> env = new HashMap<>(Map.of("MILK_ROLE", role, "MILK_HTTP_PORT", Integer.toString(port),
                "MILK_DATABASE_URL", jdbcUrl(), "MILK_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(),
                "MILK_WRITES_INSTANCE_ID", name, "MILK_READS_RATE_LIMIT_PER_SECOND", "0"));
        env.putAll(settings);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        Milk milk = new Milk(name, port, builder.start());
        milks.add(milk);
        milk.awaitReady(Duration.ofSeconds(90));
        return milk;
    }

    /** One Milk process. */
    final class Milk {

        final String name;
        final int port;
        private final Process process;

        Milk(String name, int port, Process process) {
            this.name = name;
            this.port = port;
            this.process = process;
        }

        /** kill -9: no shutdown hook, no commit, no goodbye to the consumer group. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }

        int status(String path) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        void awaitReady(Duration timeout) {
            awaitStatus("/actuator/health/readiness", 200, timeout);
        }

        void awaitStatus(String path, int expected, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (status(path) != expected) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited; see " + dir.resolve(name + ".log"));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(name + " did not answer " + expected + " on " + path + " within " + timeout);
                }
                pause(200);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Milk milk : milks) {
            milk.process.destroyForcibly();
            milk.process.onExit().join();
        }
        if (broker != null) {
            broker.destroyForcibly();
            broker.onExit().join();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private List<String> java(String main, String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-cp", classpath(), main));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Surefire and Failsafe hand the test classpath over in this property (the JVM's own is a manifest jar). */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void run(List<String> command, Path log, Duration timeout) throws IOException {
        Process process = start(command, log);
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command.subList(command.size() - 4, command.size()))
                        + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitPort(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException e) {
                pause(200);
            }
        }
        throw new AssertionError("nothing listens on " + port + " after " + timeout);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
