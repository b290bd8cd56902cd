package dev.milk.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real Kafka broker (KRaft, in this JVM), on a fixed port so bots on this machine can reach it. */
final class StandaloneKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneKafka.class);

    private final EmbeddedKafkaKraftBroker broker;

    private StandaloneKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static StandaloneKafka start(int port) {
        var broker = new EmbeddedKafkaKraftBroker(1, 1).kafkaPorts(port);
        broker.brokerProperty("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start the embedded Kafka broker on port " + port
                    + " (is the port taken? set MILK_STANDALONE_KAFKA_PORT or MILK_KAFKA_BOOTSTRAP_SERVERS)", e);
        }
        log.info("Standalone Kafka broker at {}", broker.getBrokersAsString());
        return new StandaloneKafka(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
