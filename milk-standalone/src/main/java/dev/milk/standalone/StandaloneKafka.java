package dev.milk.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import dev.milk.settings.SettingException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside Milk's JVM, on fixed ports
 * so bots on this machine can reach it, its log kept in the standalone data folder between runs.
 */
final class StandaloneKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private StandaloneKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static StandaloneKafka start(Path logDirectory, int port) {
        int controllerPort = port + 1;
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDirectory.toAbsolutePath().toString());
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Milk's topics take records up to 4 MiB (a full batch of 10,000 accounts is over 1 MiB).
        config.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        formatOnce(logDirectory, config);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            server.startup();
            return new StandaloneKafka(server, "localhost:" + port);
        } catch (RuntimeException e) {
            // Half-started, its threads would keep the JVM alive after start-up has failed.
            try {
                server.shutdown();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            if (!portTaken(e)) {
                throw e;
            }
            throw new SettingException("MILK_STANDALONE_KAFKA_PORT", "is " + port + ": the embedded Kafka could not "
                    + "listen on ports " + port + " and " + controllerPort + " (" + e.getMessage() + "). Is another "
                    + "Kafka or Milk running? Stop it, set MILK_STANDALONE_KAFKA_PORT to a free port (the controller "
                    + "takes the next one), or MILK_KAFKA_BOOTSTRAP_SERVERS to use your own Kafka");
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void formatOnce(Path logDirectory, Properties config) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory);
            Path file = Files.createTempFile("milk-kafka", ".properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                config.store(out, "Milk standalone Kafka");
            }
            var output = new ByteArrayOutputStream();
            int status = StorageTool.execute(new String[] {"format", "--config", file.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.delete(file);
            if (status != 0) {
                throw new IllegalStateException("formatting " + logDirectory + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
