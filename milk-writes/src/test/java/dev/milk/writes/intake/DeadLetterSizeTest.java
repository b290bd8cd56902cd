package dev.milk.writes.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.writes.WritesProperties;
import dev.milk.writes.WritesTestApplication;

/**
 * A record whose dead letter cannot be sent whole: over the producer's request limit (twice
 * Milk's record limit), or over the dead-letter topic's own {@code max.message.bytes}, which an
 * operator's topic can set lower than the records Milk accepts. Before, its dead-lettering failed
 * and was retried forever, and no record behind it on its partition was ever stored.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.max-record-bytes=100000", "milk.writes.archive.partitions=1",
    "milk.writes.raid.topic=raid-management-dlt-size", "milk.writes.archive.topic=" + DeadLetterSizeTest.ARCHIVES})
class DeadLetterSizeTest {

    static {
        MilkTestInfrastructure.install();
    }

    static final String ARCHIVES = "message-archives-dlt-size";
    private static final int DEAD_LETTER_TOPIC_LIMIT = 50_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WritesProperties writes;

    /** Before Milk starts: the topic with the broker's room (8 MiB), its dead-letter topic with less. */
    @BeforeAll
    static void topics() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ARCHIVES, 1, (short) 1),
                    new NewTopic(TopicIntake.deadLetterTopic(ARCHIVES), 1, (short) 1).configs(Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(DEAD_LETTER_TOPIC_LIMIT)))))
                    .all().get();
        }
    }

    @Test
    void aRecordTooLargeToDeadLetterWholeIsDeadLetteredShortenedAndThePartitionMovesOn() throws Exception {
        String first = "dlt-size-" + UUID.randomUUID();
        String last = "dlt-size-" + UUID.randomUUID();
        // Over Milk's limit (100 kB) and over the producer's request limit (200 kB).
        byte[] oversized = created(first + "-oversized", "x".repeat(300_000));
        // Under Milk's limit, refused as malformed, and over the dead-letter topic's 50 kB.
        byte[] malformed = ("{\"type\":\"archive.created\",\"archiveId\":\"" + "y".repeat(80_000))
                .getBytes(StandardCharsets.UTF_8);
        long oversizedOffset;
        long malformedOffset;
        long lastOffset;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "max.request.size", 1_000_000), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ARCHIVES, first, created(first, "general"))).get();
            var withHeader = new ProducerRecord<>(ARCHIVES, first + "-oversized", oversized);
            withHeader.headers().add("source-service", "tea".getBytes(StandardCharsets.UTF_8));
            withHeader.headers().add("bulk", new byte[20_000]);
            oversizedOffset = producer.send(withHeader).get().offset();
            malformedOffset = producer.send(new ProducerRecord<>(ARCHIVES, "k".repeat(3_000), malformed)).get().offset();
            lastOffset = producer.send(new ProducerRecord<>(ARCHIVES, last, created(last, "general"))).get().offset();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(stored(last)).as("the archive behind them").isTrue());
        assertThat(stored(first)).isTrue();

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.await(TopicIntake.deadLetterTopic(ARCHIVES), r -> true, 2, WAIT);
        assertThat(dead).as("each dead-lettered once, never again by a retry").hasSize(2);
        assertShortened(dead.get(0), oversized, oversizedOffset, "record is 300");
        assertThat(header(dead.get(0), "source-service")).as("its own headers").isEqualTo("tea");
        assertThat(header(dead.get(0), "milk-dlt-dropped-headers")).as("but not 20 kB of them").isEqualTo("1");
        assertShortened(dead.get(1), malformed, malformedOffset, "malformed JSON");
        assertThat(dead.get(1).key()).isEqualTo("k".repeat(1_024));

        // The consumer group moved past them: after a restart nothing is read, nor dead-lettered, again.
        try (var admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            await().atMost(WAIT).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(writes.groupOf(writes.archive()))
                        .partitionsToOffsetAndMetadata().get().get(new TopicPartition(ARCHIVES, 0));
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(lastOffset);
            });
        }
    }

    private static void assertShortened(ConsumerRecord<String, byte[]> dead, byte[] original, long offset, String reason)
            throws Exception {
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                .isEqualTo(offset);
        assertThat(header(dead, "kafka_dlt-exception-message")).startsWith(reason);
        assertThat(header(dead, "milk-dlt-truncated")).isEqualTo("true");
        assertThat(header(dead, "milk-dlt-original-size")).isEqualTo(String.valueOf(original.length));
        assertThat(header(dead, "milk-dlt-original-sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
        assertThat(dead.value()).as("its first 4096 bytes").hasSize(4096);
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(original, 4096));
    }

    private boolean stored(String archive) {
        return jdbc.queryForObject("SELECT count(*) FROM archive WHERE internal_id = ?", Integer.class, archive) == 1;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] created(String archive, String channelName) {
        return """
                {"type":"archive.created","archiveId":"%s","guildId":"81384788765712384","channelId":"1",
                 "channelName":"%s","reason":"spam","createdBy":"2","createdAtMillis":1763899600000}"""
                .formatted(archive, channelName).getBytes(StandardCharsets.UTF_8);
    }
}
