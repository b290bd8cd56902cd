package dev.milk.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The processes of a fault scenario, each its own OS process as in production: a PostgreSQL
 * server, a Kafka broker or a cluster of them, and Milk's jar in any number of roles. Each can be
 * killed, stopped and started again; logs are kept under {@code target/faults/<scenario>}.
 */
final class FaultCluster implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();

    private final Path dir;
    private final int postgresPort = ChildProcesses.freePort();
    private final List<KafkaBrokerProcess> brokers;
    private final List<MilkProcess> milks = new ArrayList<>();
    private EmbeddedPostgres postgres;

    FaultCluster(String scenario) throws IOException {
        this(scenario, 1);
    }

    /** @param brokers 1, or a cluster replicating every topic to each ({@link KafkaBrokerProcess#cluster}) */
    FaultCluster(String scenario, int brokers) throws IOException {
        this.dir = Path.of("target", "faults", scenario).toAbsolutePath();
        // A fresh start: no data or log of an earlier run.
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        startPostgres();
        this.brokers = brokers == 1 ? List.of(new KafkaBrokerProcess(dir, 1))
                : KafkaBrokerProcess.cluster(dir, brokers, 1);
        for (var broker : this.brokers) {
            broker.launch();
        }
        this.brokers.forEach(KafkaBrokerProcess::awaitStarted);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres?user=postgres";
    }

    String bootstrapServers() {
        return KafkaBrokerProcess.bootstrapServers(brokers);
    }

    void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(false)
                .setPort(postgresPort).start();
    }

    void stopPostgres() throws IOException {
        postgres.close();
    }

    void startBroker() throws IOException {
        brokers.getFirst().start();
    }

    void stopBroker() {
        brokers.getFirst().stop();
    }

    /** Kills the broker whose {@code node.id} is {@code nodeId} (SIGKILL), as a machine dies. */
    void killBroker(int nodeId) {
        brokers.stream().filter(broker -> broker.nodeId() == nodeId).findFirst().orElseThrow().kill();
    }

    /** A Milk process in {@code role}, started and ready. */
    MilkProcess milk(String name, String role, Map<String, String> settings) throws IOException {
        MilkProcess milk = MilkProcess.start(JAR, dir, name, role, jdbcUrl(), bootstrapServers(),
                List.of("-Xmx512m", "-XX:+UseSerialGC"), settings);
        milks.add(milk);
        milk.awaitReady(Duration.ofSeconds(90));
        return milk;
    }

    @Override
    public void close() throws IOException {
        milks.forEach(MilkProcess::close);
        brokers.forEach(KafkaBrokerProcess::close);
        if (postgres != null) {
            postgres.close();
        }
    }
}
