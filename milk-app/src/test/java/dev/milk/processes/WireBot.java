package dev.milk.processes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.milk.wire.BrokerHeaders;

/**
 * A bot on Beemo's generation 2 wire, as the fault suite and the benchmark drive Milk: records with
 * the broker's headers on Milk's two topics, and every reply read from the end of those topics as
 * it arrives, {@link #replied} naming the request it answers and the writer that answered.
 */
public abstract class WireBot implements AutoCloseable {

    public static final String RAIDS = "raid-management";
    public static final String ARCHIVES = "message-archives";

    private final String service;
    private final String instance;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private Thread listener;
    private volatile boolean running = true;

    /** @param producerSettings on top of the bootstrap servers and serializers */
    protected WireBot(String bootstrapServers, String service, Map<String, Object> producerSettings) {
        this.service = service;
        this.instance = service + "-" + UUID.randomUUID().toString().substring(0, 8);
        var settings = new java.util.HashMap<>(producerSettings);
        settings.put("bootstrap.servers", bootstrapServers);
        producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        replies = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(RAIDS, ARCHIVES)) {
            replies.partitionsFor(topic, Duration.ofSeconds(60))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        replies.assign(partitions);
        replies.seekToEnd(partitions);
        // Positions taken now: a reply to the first request is read even though the listener starts with it.
        partitions.forEach(replies::position);
    }

    /**
     * Called on the listener's thread for each reply, with the message id of the request it answers
     * and the {@code source-instance} of the writer that answered it.
     */
    protected abstract void replied(String inReplyTo, String repliedBy);

    private void listen() {
        while (running) {
            try {
                for (var record : replies.poll(Duration.ofMillis(100))) {
                    String inReplyTo = BrokerHeaders.text(record.headers(), BrokerHeaders.RPC_IN_REPLY_TO);
                    if (record.key() != null && record.key().endsWith(".response") && inReplyTo != null) {
                        replied(inReplyTo, BrokerHeaders.text(record.headers(), BrokerHeaders.SOURCE_INSTANCE));
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // The broker is restarting: keep reading once it is back.
                ChildProcesses.pause(500);
            }
        }
    }

    /** Sends one record under {@code messageId}, the id its reply will name. */
    protected void send(String messageId, String topic, String key, String value, Callback sent) {
        startListening();
        var record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_SERVICE, service);
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_INSTANCE, instance);
        BrokerHeaders.put(record.headers(), BrokerHeaders.TARGET_SERVICES, "milk");
        BrokerHeaders.put(record.headers(), BrokerHeaders.MESSAGE_ID, messageId);
        producer.send(record, sent);
    }

    private synchronized void startListening() {
        if (listener == null) {
            listener = Thread.ofPlatform().name(service + "-replies").start(this::listen);
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            if (listener != null) {
                listener.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.close();
        producer.close(Duration.ofSeconds(10));
    }
}
