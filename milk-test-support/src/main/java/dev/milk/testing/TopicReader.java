package dev.milk.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the test broker from the beginning, without a consumer group. Timeouts are an
 * idle machine's, scaled ({@link Waits}); the consumer's own poll paces the wait.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration NO_PAUSE = Duration.ofMillis(1);

    private TopicReader() {
    }

    /** Every record of {@code topic} that {@code wanted} accepts, once {@code count} of them have arrived. */
    public static List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            int count, Duration timeout) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = Waits.upTo(timeout).alias("the partitions of " + topic)
                    .until(() -> partitionsOf(consumer, topic, timeout), found -> !found.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Waits.upTo(timeout).pollInterval(NO_PAUSE).untilAsserted(() -> {
                found.addAll(wantedOf(consumer, wanted));
                if (found.size() < count) {
                    throw new AssertionError("only " + found.size() + " of " + count + " expected records on " + topic);
                }
            });
            return found;
        }
    }

    /** Every record of {@code topic} that {@code wanted} accepts, from its beginning to its end as it is now. */
    public static List<ConsumerRecord<String, byte[]>> untilEnd(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            Duration timeout) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Waits.upTo(timeout).pollInterval(NO_PAUSE).alias("reading " + topic + " to its end").until(() -> {
                found.addAll(wantedOf(consumer, wanted));
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return found;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout) {
        return consumer.partitionsFor(topic, TimeScale.of(timeout)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> wantedOf(KafkaConsumer<String, byte[]> consumer,
            Predicate<ConsumerRecord<String, byte[]>> wanted) {
        List<ConsumerRecord<String, byte[]>> accepted = new ArrayList<>();
        consumer.poll(POLL).forEach(r -> {
            if (wanted.test(r)) {
                accepted.add(r);
            }
        });
        return accepted;
    }
}
