package dev.milk.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.milk.event.EventHeaders;

/**
 * Request/reply over one topic: sends a record with a fresh {@code message-id} and completes its
 * future with the value of the record whose {@code in-reply-to} matches. Replies are read without a
 * consumer group (every partition, from the end), so many bot processes can share a topic without
 * stealing each other's replies.
 */
final class ReplyChannel implements AutoCloseable {

    /** Large enough for a full 10,000-account batch, whose JSON exceeds Kafka's 1 MiB default. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final MilkClientSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    ReplyChannel(MilkClientSettings settings) {
        this.settings = settings;
        Map<String, Object> producerConfig = new HashMap<>(settings.kafka());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        Map<String, Object> consumerConfig = new HashMap<>(settings.kafka());
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(settings.topic(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            producer.close();
            throw new IllegalStateException("topic '" + settings.topic() + "' does not exist (Milk's writes role "
                    + "creates it when it starts)");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now: a reply written before this returns must not be skipped.
        partitions.forEach(consumer::position);
        this.poller = Thread.ofPlatform().daemon().name("milk-replies-" + settings.topic()).start(this::poll);
    }

    CompletableFuture<byte[]> request(String key, byte[] value) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        String messageId = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(messageId, reply);
        reply.orTimeout(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> pending.remove(messageId));
        var record = new ProducerRecord<>(settings.topic(), key, value);
        record.headers().add(EventHeaders.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    /** Sends a record nobody answers; completes once Kafka has it. */
    CompletableFuture<Void> send(String key, byte[] value) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(settings.topic(), key, value), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(null);
            }
        });
        return sent;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header inReplyTo = record.headers().lastHeader(EventHeaders.IN_REPLY_TO);
                    if (inReplyTo != null) {
                        var reply = pending.get(new String(inReplyTo.value(), StandardCharsets.UTF_8));
                        if (reply != null) {
                            reply.complete(record.value());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("client closed")));
    }
}
