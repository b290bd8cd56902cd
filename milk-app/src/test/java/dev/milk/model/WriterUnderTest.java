package dev.milk.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkApplication;
import dev.milk.raid.RaidEnvelope;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TimeScale;
import dev.milk.wire.EventJson;
import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import dev.milk.writes.intake.EventHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Milk in role {@code all}, whose writer's real intake ({@link BatchIntake} and the topics' own
 * handlers, storing into the real PostgreSQL) is handed polls directly, cut as a test decides:
 * what Kafka would deliver, without waiting on it; or fed through the real broker, as a bot does.
 * Its pages are read over HTTP.
 */
final class WriterUnderTest implements AutoCloseable {

    static final String ARCHIVES = "message-archives";
    static final String RAIDS = "raid-management";
    /** The records' timestamps: a raid created by a record starts at its time. */
    static final long RECORDED = Scenarios.T0 + 120 * Scenarios.MINUTE;

    private final ConfigurableApplicationContext milk;
    private final BatchIntake intake;
    private final EventHandler<?> archiveHandler;
    private final EventHandler<?> raidHandler;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    WriterUnderTest() {
        MilkTestInfrastructure.install();
        milk = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=all", "--server.port=0",
                "--milk.reads-role.password=reads-secret", "--milk.reads.rate-limit.per-second=0",
                // The generated files are on a host Milk does not copy from: each copy fails at the first try.
                "--milk.media.interval=100ms");
        intake = milk.getBean(BatchIntake.class);
        archiveHandler = milk.getBean("archiveEvents", EventHandler.class);
        raidHandler = milk.getBean("raidEvents", EventHandler.class);
        jdbc = milk.getBean(JdbcTemplate.class);
        meters = milk.getBean(MeterRegistry.class);
        port = Integer.parseInt(milk.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Which steps a writer received, in the order it received them, a topic each: what the model reads. */
    record Received(List<Integer> archives, List<Integer> raids) {
    }

    /**
     * Hands the writer the records of {@code steps} (already in their namespace), each topic in
     * polls as {@code delivery} cuts them, replays included.
     */
    Received deliver(List<Step> steps, Delivery delivery) {
        List<Integer> archives = new ArrayList<>();
        List<Integer> raids = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            (steps.get(i) instanceof Step.Archive ? archives : raids).add(i);
        }
        Received received = new Received(new ArrayList<>(), new ArrayList<>());
        for (List<Integer> poll : delivery.polls(archives, delivery.archivePolls())) {
            accept(records(steps, poll), archiveHandler);
            received.archives().addAll(poll);
        }
        for (List<Integer> poll : delivery.polls(raids, delivery.raidPolls())) {
            accept(records(steps, poll), raidHandler);
            received.raids().addAll(poll);
        }
        return received;
    }

    /** The same deliveries, one record per poll. */
    void deliverOneByOne(List<Step> steps, Received received) {
        received.archives().forEach(i -> accept(records(steps, List.of(i)), archiveHandler));
        received.raids().forEach(i -> accept(records(steps, List.of(i)), raidHandler));
    }

    /**
     * One poll, as the listener container hands it over: the intake throws only when the batch's
     * transaction failed for a passing reason (a deadlock with a copy job, say), and the container
     * then delivers the same poll again.
     */
    private void accept(List<ConsumerRecord<String, byte[]>> poll, EventHandler<?> handler) {
        for (int attempt = 1; ; attempt++) {
            try {
                intake.accept(poll, handler);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Publishes the records of {@code steps} (already in their namespace) to the real broker, as a
     * bot does, flushing where {@code flushes} says (so the writer's polls fall where they may), and
     * returns once the writer's consumer groups have committed every record of both topics.
     */
    void publish(List<Step> steps, Set<Integer> flushes, Duration within) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < steps.size(); i++) {
                ConsumerRecord<String, byte[]> record = records(steps, List.of(i)).getFirst();
                producer.send(new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(), record.value()));
                if (flushes.contains(i)) {
                    producer.flush();
                }
            }
        }
        WritesProperties writes = milk.getBean(WritesProperties.class);
        awaitCommitted(writes.groupOf(writes.archive()), ARCHIVES, TimeScale.of(within));
        awaitCommitted(writes.groupOf(writes.raid()), RAIDS, TimeScale.of(within));
    }

    private static void awaitCommitted(String group, String topic, Duration within) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Instant deadline = Instant.now().plus(within);
            Map<TopicPartition, Long> behind = Map.of();
            do {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                var ends = admin.listOffsets(partitions.stream().collect(
                        Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
                behind = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata at = committed.get(partition);
                    long end = ends.get(partition).offset();
                    if ((at == null ? 0 : at.offset()) < end) {
                        behind.put(partition, end - (at == null ? 0 : at.offset()));
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
                Thread.sleep(50);
            } while (Instant.now().isBefore(deadline));
            throw new AssertionError("the writer has not taken every record of " + topic + " within " + within
                    + "; records behind, by partition: " + behind);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Each step's record at the offset of its place in the bot's sequence (a replayed one comes again with it). */
    private static List<ConsumerRecord<String, byte[]>> records(List<Step> steps, List<Integer> poll) {
        return poll.stream().map(i -> switch (steps.get(i)) {
            case Step.Archive a -> record(ARCHIVES, i, a.key(), EventJson.write(a.event()));
            case Step.Raid r -> record(RAIDS, i, r.action().key(), EventJson.write(RaidEnvelope.of(r.request())));
        }).toList();
    }

    static long recordTime(int step) {
        return RECORDED + step * 1_000L;
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int step, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, step, recordTime(step), TimestampType.CREATE_TIME, key.length(),
                value.length, key, value, new RecordHeaders(), Optional.empty());
    }

    /** Waits until the copy job has tried every file the archives of {@code namespace} queued: pages show how it went. */
    void awaitCopiesTried(String namespace, Duration idle) {
        Duration within = TimeScale.of(idle);
        Instant deadline = Instant.now().plus(within);
        while (Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT FROM archive_media m JOIN archive a ON a.id = m.archive_id
                               WHERE a.internal_id LIKE ? AND m.state = 'pending')""", Boolean.class, namespace + "%"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("files of " + namespace + " still waiting for their copy after " + within);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Optional<String> archivePublicId(String internalId) {
        return jdbc.queryForList("SELECT public_id FROM archive WHERE internal_id = ?", String.class, internalId)
                .stream().findFirst();
    }

    Optional<String> raidPublicId(String internalId) {
        return jdbc.queryForList("SELECT public_id FROM raid WHERE internal_id = ?", String.class, internalId)
                .stream().findFirst();
    }

    /** How many records the writer has sent to the dead-letter topics so far. */
    double deadLettered() {
        return meters.find("milk.events.dead.lettered").counters().stream().mapToDouble(Counter::count).sum();
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        milk.close();
    }
}
