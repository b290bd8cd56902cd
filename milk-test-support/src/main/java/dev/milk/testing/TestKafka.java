package dev.milk.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real, in-process Kafka KRaft broker per test JVM (it takes seconds to start). */
public final class TestKafka {

    /** A system property nothing reads, for the broker's address (see {@link #start()}). */
    public static final String UNUSED_PROPERTY = "milk.test.embedded-broker-address";

    private TestKafka() {
    }

    public static EmbeddedKafkaKraftBroker broker() {
        return Holder.BROKER;
    }

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    private static final class Holder {
        static final EmbeddedKafkaKraftBroker BROKER = start();
    }

    private static EmbeddedKafkaKraftBroker start() {
        var broker = new EmbeddedKafkaKraftBroker(1, 1);
        // By default the broker writes its address into the system property spring.kafka.bootstrap-servers,
        // which outranks every other setting of every later context. Tests say where Kafka is themselves.
        broker.brokerListProperty(UNUSED_PROPERTY);
        // Milk's topics allow 4 MiB records: a full 10,000-account batch is larger than Kafka's default.
        broker.brokerProperty("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        return broker;
    }
}
