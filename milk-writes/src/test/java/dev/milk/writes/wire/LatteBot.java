package dev.milk.writes.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.milk.testing.TestKafka;

/**
 * Generation 2 (latte/src/main/java/gg/beemo/latte/broker): {@code BrokerMessageHeaders} for what
 * is sent; {@code BrokerConnection.dispatchIncomingMessage} and {@code RpcClient.stream} for what
 * is read: the key {@code <key>.response}, addressed to this service and instance (or to
 * everyone), not sent by this very instance, and {@code rpc-in-reply-to} naming the request.
 */
final class LatteBot extends BeemoBot {

    private final String service;
    private final String instance;

    LatteBot(String topic, String service, String instance) {
        super(topic);
        this.service = service;
        this.instance = instance;
    }

    @Override
    Map<String, String> requestHeaders(String messageId, String targetServices) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("source-service", service);
        headers.put("source-instance", instance);
        headers.put("target-services", targetServices);
        headers.put("target-instances", "");
        headers.put("message-id", messageId);
        return headers;
    }

    @Override
    boolean readsAsReply(ConsumerRecord<String, byte[]> record, String key, String messageId) {
        return dispatches(record) && key.concat(".response").equals(record.key())
                && messageId.equals(header(record, "rpc-in-reply-to"));
    }

    /**
     * What latte's {@code BrokerConnection.dispatchIncomingMessage} does with every record of a
     * topic it reads, before any listener sees it, in its order: drops records aimed at other
     * services or instances, and its own; reads {@code message-id} for the trace line of
     * {@code invokeLocalCallbacks} (evaluated whatever the log level). A header it needs and
     * does not find is an {@code IllegalArgumentException}, as latte's {@code getOrThrow} throws.
     *
     * @return whether the record reaches this client's listeners
     */
    boolean dispatches(ConsumerRecord<String, byte[]> record) {
        Set<String> services = list(header(record, "target-services"));
        Set<String> instances = list(header(record, "target-instances"));
        if ((!services.isEmpty() && !services.contains(service)) || (!instances.isEmpty() && !instances.contains(instance))) {
            return false;
        }
        if (instance.equals(required(record, "source-instance")) && service.equals(required(record, "source-service"))) {
            return false;
        }
        required(record, "message-id");
        return true;
    }

    /**
     * Reads one partition from {@code offset} on as latte's stream thread does: every record in
     * order through {@link #dispatches}. A record it throws on is read again by the replaced
     * thread, forever: nothing behind it is ever read, so this fails there.
     *
     * @return the reply to {@code messageId} of {@code key}, once read
     */
    ConsumerRecord<String, byte[]> streamToReply(TopicPartition partition, long offset, String key, String messageId) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        if (readsAsReply(record, key, messageId)) {
                            return record;
                        }
                    } catch (IllegalArgumentException e) {
                        throw new AssertionError("latte's stream thread stops for good at " + partition + "@"
                                + record.offset() + " (key " + record.key() + "): " + e.getMessage(), e);
                    }
                }
            }
            throw new AssertionError("no reply to " + key + " " + messageId + " within 30 s");
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        String value = header(record, name);
        if (value == null) {
            throw new IllegalArgumentException("Missing broker message header '" + name + "'");
        }
        return value;
    }

    private static Set<String> list(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(",")).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
