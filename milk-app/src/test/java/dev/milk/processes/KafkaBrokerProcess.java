package dev.milk.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Kafka broker (KRaft, broker and controller in one) as its own process, from Kafka's own jars
 * on the test classpath, with its data and log under {@code dir}: alone, or one of a cluster
 * ({@link #cluster}) replicating every topic to each broker, as production's three do.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** One broker's id and ports, known to every other broker before any starts (the voters). */
    private record Node(int id, int port, int controllerPort) {

        static Node next(int id) {
            return new Node(id, ChildProcesses.freePort(), ChildProcesses.freePort());
        }

        String voter() {
            return id + "@127.0.0.1:" + controllerPort;
        }
    }

    private final Path dir;
    private final Node node;
    private final List<Node> cluster;
    private final String clusterId;
    private final int partitions;
    private Process broker;
    private boolean formatted;

    /** A broker alone. @param partitions of each topic created on first use */
    public KafkaBrokerProcess(Path dir, int partitions) {
        this(dir, Node.next(1), null, "milk" + UUID.randomUUID().toString().substring(0, 8), partitions);
    }

    private KafkaBrokerProcess(Path dir, Node node, List<Node> cluster, String clusterId, int partitions) {
        this.dir = dir;
        this.node = node;
        this.cluster = cluster == null ? List.of(node) : cluster;
        this.clusterId = clusterId;
        this.partitions = partitions;
    }

    /**
     * {@code size} brokers as one cluster, not started: every topic (Kafka's own too) replicated to
     * each, and a write acknowledged once two hold it ({@code min.insync.replicas=2}), so the
     * cluster takes writes with one broker down and loses none.
     */
    public static List<KafkaBrokerProcess> cluster(Path dir, int size, int partitions) {
        List<Node> nodes = IntStream.rangeClosed(1, size).mapToObj(Node::next).toList();
        String clusterId = "milk" + UUID.randomUUID().toString().substring(0, 8);
        return nodes.stream().map(node -> new KafkaBrokerProcess(dir, node, nodes, clusterId, partitions)).toList();
    }

    /** Every broker of {@code brokers}, for a client's {@code bootstrap.servers}. */
    public static String bootstrapServers(List<KafkaBrokerProcess> brokers) {
        return brokers.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + node.port();
    }

    /** Its {@code node.id}, as the cluster's metadata names it (a partition's leader). */
    public int nodeId() {
        return node.id();
    }

    public long pid() {
        return broker.pid();
    }

    /** Starts it without waiting: a broker of a cluster takes requests only once a majority runs. */
    public void launch() throws IOException {
        String name = cluster.size() == 1 ? "kafka" : "kafka-" + node.id();
        int replicas = cluster.size();
        int inSync = Math.min(2, replicas);
        Path config = dir.resolve(name + ".properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=" + node.id(),
                "controller.quorum.voters=" + cluster.stream().map(Node::voter).collect(Collectors.joining(",")),
                "listeners=PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.port(),
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve(name), "num.partitions=" + partitions,
                "default.replication.factor=" + replicas, "min.insync.replicas=" + inSync,
                "offsets.topic.replication.factor=" + replicas, "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + inSync, "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=8388608", ""));
        if (!formatted) {
            ChildProcesses.run(ChildProcesses.java("kafka.tools.StorageTool", "format", "--ignore-formatted",
                    "--cluster-id", clusterId, "--config", config.toString()), dir.resolve(name + "-format.log"),
                    Duration.ofMinutes(1));
            formatted = true;
        }
        broker = ChildProcesses.start(ChildProcesses.java("kafka.Kafka", config.toString()), dir.resolve(name + ".log"));
    }

    /** Waits until it takes connections. */
    public void awaitStarted() {
        ChildProcesses.awaitPort(node.port(), Duration.ofSeconds(60));
    }

    public void start() throws IOException {
        launch();
        awaitStarted();
    }

    /** A clean stop (SIGTERM): the broker shuts down in order, as a restart in production does. */
    public void stop() {
        ChildProcesses.stop(broker, Duration.ofSeconds(60));
    }

    /** Gone at once (SIGKILL), as when its machine dies: nothing flushed, no leadership handed over. */
    public void kill() {
        broker.destroyForcibly();
        broker.onExit().join();
    }

    @Override
    public void close() {
        if (broker != null) {
            kill();
        }
    }
}
