package dev.milk.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A Kafka broker (KRaft, broker and controller in one) as its own process, from Kafka's own jars
 * on the test classpath, with its data and log under {@code dir}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port = ChildProcesses.freePort();
    private final int controllerPort = ChildProcesses.freePort();
    private final String clusterId = "milk" + UUID.randomUUID().toString().substring(0, 8);
    private final int partitions;
    private Process broker;
    private boolean formatted;

    /** @param partitions of each topic created on first use */
    public KafkaBrokerProcess(Path dir, int partitions) {
        this.dir = dir;
        this.partitions = partitions;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return broker.pid();
    }

    public void start() throws IOException {
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("kafka"), "num.partitions=" + partitions, "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", "message.max.bytes=8388608", ""));
        if (!formatted) {
            ChildProcesses.run(ChildProcesses.java("kafka.tools.StorageTool", "format", "--ignore-formatted",
                    "--cluster-id", clusterId, "--config", config.toString()), dir.resolve("kafka-format.log"),
                    Duration.ofMinutes(1));
            formatted = true;
        }
        broker = ChildProcesses.start(ChildProcesses.java("kafka.Kafka", config.toString()), dir.resolve("kafka.log"));
        ChildProcesses.awaitPort(port, Duration.ofSeconds(60));
    }

    /** A clean stop (SIGTERM): the broker shuts down in order, as a restart in production does. */
    public void stop() {
        ChildProcesses.stop(broker, Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.destroyForcibly();
            broker.onExit().join();
        }
    }
}
