package dev.milk.client;

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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.milk.wire.BrokerHeaders;
import dev.milk.wire.Generation;

/**
 * Request/reply over one topic, on generation 2 of Beemo's broker wire (latte RPC): a request
 * carries a fresh {@code message-id} and the sender's service and instance; its future completes
 * with the record on {@code <key>.response}, addressed to this instance, whose
 * {@code rpc-in-reply-to} names it. Replies are read without a consumer group (every partition,
 * from the end), so many bot processes can share a topic without stealing each other's replies.
 */
final class ReplyChannel implements AutoCloseable {

    /** Large enough for a full 10,000-account batch, whose JSON exceeds Kafka's 1 MiB default. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final MilkClientSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    ReplyChannel(MilkClientSettings settings) {
        this.settings = settings;
        Map<String, Object> producerConfig = new HashMap<>(settings.kafka());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        // gzip, not lz4: every Kafka client decodes it unaided (kafkajs, Beemo's first generation, has
        // no LZ4 without a codec package), and a TypeScript bot may read the topic this one writes.
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
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
        this.poller = new Thread(this::poll, "milk-replies-" + settings.topic());
        poller.setDaemon(true);
        poller.start();
    }

    /** Milk's answer: its value, and its {@code rpc-response-status} (0 when accepted). */
    record Reply(byte[] value, int status) {
    }

    CompletableFuture<Reply> request(String key, byte[] value) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        String messageId = UUID.randomUUID().toString();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(messageId, reply);
        reply.orTimeout(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> pending.remove(messageId));
        producer.send(record(key, value, messageId), (metadata, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    /** Sends a record nobody answers; completes once Kafka has it. */
    CompletableFuture<Void> send(String key, byte[] value) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(record(key, value, UUID.randomUUID().toString()), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(null);
            }
        });
        return sent;
    }

    /** A request as latte's producer sends it: from this service and instance, to Milk's service. */
    private ProducerRecord<String, byte[]> record(String key, byte[] value, String messageId) {
        var record = new ProducerRecord<>(settings.topic(), key, value);
        Headers headers = record.headers();
        BrokerHeaders.put(headers, BrokerHeaders.SOURCE_SERVICE, settings.service());
        BrokerHeaders.put(headers, BrokerHeaders.SOURCE_INSTANCE, settings.instance());
        BrokerHeaders.put(headers, BrokerHeaders.TARGET_SERVICES, settings.milkService());
        BrokerHeaders.put(headers, BrokerHeaders.TARGET_INSTANCES, "");
        BrokerHeaders.put(headers, BrokerHeaders.MESSAGE_ID, messageId);
        return record;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!Generation.LATTE.isReplyKey(record.key())
                            || !addressedToUs(record.headers())) {
                        continue;
                    }
                    var reply = pending.get(String.valueOf(
                            BrokerHeaders.text(record.headers(), BrokerHeaders.RPC_IN_REPLY_TO)));
                    if (reply != null) {
                        reply.complete(new Reply(record.value(), status(record.headers())));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    /** Latte's own rule: an empty target list means everyone. */
    private boolean addressedToUs(Headers headers) {
        var services = BrokerHeaders.list(headers, BrokerHeaders.TARGET_SERVICES);
        var instances = BrokerHeaders.list(headers, BrokerHeaders.TARGET_INSTANCES);
        return (services.isEmpty() || services.contains(settings.service()))
                && (instances.isEmpty() || instances.contains(settings.instance()));
    }

    /** Latte reads a missing status as 999999 (unknown). */
    private static int status(Headers headers) {
        try {
            return Integer.parseInt(String.valueOf(BrokerHeaders.text(headers, BrokerHeaders.RPC_RESPONSE_STATUS)));
        } catch (NumberFormatException e) {
            return 999_999;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("client closed")));
    }
}
