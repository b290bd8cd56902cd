package dev.milk.writes.wire;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.milk.testing.TestKafka;

/**
 * A bot on one of Beemo's broker wires, as beemobot/cafe writes it: the headers its client sends,
 * and the rule by which it takes a record as the reply it waits for. Only the wire is modelled;
 * the records go through the real broker to the real Milk.
 */
abstract class BeemoBot implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    BeemoBot(String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The headers this client puts on a request, in its own order. */
    abstract Map<String, String> requestHeaders(String correlationId, String targets);

    /** Whether this client takes {@code record} as the reply to its request {@code correlationId} of {@code key}. */
    abstract boolean readsAsReply(ConsumerRecord<String, byte[]> record, String key, String correlationId);

    /**
     * Sends a request aimed at {@code targets} (a comma list of clusters or services; empty: everyone).
     *
     * @return its correlation id ({@code request-id} or {@code message-id})
     */
    String request(String key, String value, String targets) {
        String correlationId = UUID.randomUUID().toString();
        send(key, value, requestHeaders(correlationId, targets));
        return correlationId;
    }

    private void send(String key, String value, Map<String, String> headers) {
        var record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The reply this client would take for its request, waiting up to 30 s. */
    ConsumerRecord<String, byte[]> awaitReply(String key, String correlationId) {
        return first(r -> readsAsReply(r, key, correlationId), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no reply to " + key + " " + correlationId + " within 30 s"));
    }

    /** Every record of the topic, from the beginning, that {@code wanted} accepts (no waiting past the end). */
    List<ConsumerRecord<String, byte[]>> all(Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return read(topic, wanted, Duration.ZERO, Integer.MAX_VALUE);
    }

    Optional<ConsumerRecord<String, byte[]>> first(Predicate<ConsumerRecord<String, byte[]>> wanted, Duration wait) {
        return read(topic, wanted, wait, 1).stream().findFirst();
    }

    /** Reads {@code topic} from its beginning to its current end, or on until {@code limit} matches or {@code wait} ends. */
    static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            Duration wait, int limit) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(wait);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            while (found.size() < limit) {
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                if (atEnd && Instant.now().isAfter(deadline)) {
                    break;
                }
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (wanted.test(record) && found.size() < limit) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every header of a record, in order, as text. */
    static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
