package dev.milk.writes.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.writes.WritesTestApplication;

/**
 * A poison corpus, interleaved with valid records on one partition: every bad record lands in the
 * DLT with its reason (or is skipped by rule), every valid one is stored and answered, the
 * partition never stalls, and the metrics count each kind.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.max-record-bytes=200000", "milk.writes.archive.partitions=1", "milk.writes.raid.topic=" + PoisonCorpusTest.RAIDS,
    "milk.writes.archive.topic=" + PoisonCorpusTest.ARCHIVES})
class PoisonCorpusTest extends WireTest {

    static final String RAIDS = "raid-management-poison";
    static final String ARCHIVES = "message-archives-poison";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One record of the corpus and what must become of it: a dead letter whose reason starts so, or a skip. */
    private record Poison(String key, byte[] value, Map<String, byte[]> headers, String reason) {
    }

    /** Before Milk starts, with the broker's room, so a record over Milk's own limit reaches Milk. */
    @BeforeAll
    static void topics() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(RAIDS, 1, (short) 1), new NewTopic(ARCHIVES, 1, (short) 1)))
                    .all().get();
        }
    }

    @Test
    void everyBadRecordIsDeadLetteredOrSkippedAndNothingValidIsLost() throws Exception {
        String raid = "raid-" + UUID.randomUUID();
        List<Poison> corpus = List.of(
                poison("create-raid", "{\"request\":{\"raidId\":\"" + raid, "malformed JSON"),
                poison("create-raid", "{\"request\":{\"raidId\":\"r\",\"guildId\":42}}", "request.guildId: must be a string"),
                poison("batch-insert-raid-users", users(raid, "\"1234567890123456789012345\""),
                        "request.users[0].id: must be a decimal string of 1-20 digits"),
                poison("batch-insert-raid-users", users(raid, "\"-5\""),
                        "request.users[0].id: must be a decimal string of 1-20 digits"),
                poison("batch-insert-raid-users", users(raid, "\"1\"").replace("\"name\":\"n\"", "\"name\":\"a\\u0000b\""),
                        "request.users[0].name: must not contain NUL"),
                new Poison("create-raid", new byte[] {'{', '"', 'r', 'e', 'q', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        latte(), "malformed JSON"),
                new Poison("create-raid", ("{\"request\":{\"raidId\":\"" + "x".repeat(250_000) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8), latte(), "record is "),
                poison("delete-raid", "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\"}}", "unknown record key 'delete-raid'"),
                new Poison("create-raid", new byte[0], latte(), "record has no value"),
                new Poison(null, "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\"}}".getBytes(StandardCharsets.UTF_8),
                        latte(), "record has no key"),
                poison("create-raid", "[1,2,3]", "value: must be an object"),
                poison("create-raid", "null", "record value is JSON null"),
                poison("conclude-raid", "{\"request\":{\"raidId\":\"never-created-" + raid + "\",\"guildId\":\"1\"}}",
                        "unknown raid"),
                // Headers: aimed at another cluster or service, Milk's own, and a reply key: skipped, not dead letters.
                new Poison("create-raid", create(raid + "-elsewhere"), Map.of("request-id", bytes("r1"),
                        "target-clusters", bytes("1,2"), "source-cluster", bytes("3")), null),
                new Poison("create-raid", create(raid + "-own"), Map.of("message-id", bytes("m1"),
                        "source-service", bytes("milk")), null),
                new Poison("create-raid.response", create(raid + "-reply"), latte(), null));

        double deadBefore = deadLettered(RAIDS);
        List<String> valid = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "max.request.size", 2_000_000, "linger.ms", 20), new StringSerializer(), new ByteArraySerializer())) {
            // Reordered (accounts before the raid), replayed (twice), malformed headers (binary, empty, null values).
            valid.add(sendValid(producer, "batch-insert-raid-users", users(raid, "\"1100000000000000001\""),
                    Map.of("message-id", bytes("v1-" + UUID.randomUUID()), "source-service", new byte[] {(byte) 0xFF, 0})));
            for (Poison poison : corpus) {
                var record = new ProducerRecord<>(RAIDS, poison.key(), poison.value());
                poison.headers().forEach((name, value) -> record.headers().add(name, value));
                producer.send(record).get();
            }
            valid.add(sendValid(producer, "create-raid", new String(create(raid), StandardCharsets.UTF_8),
                    Map.of("message-id", bytes("v2-" + UUID.randomUUID()), "target-services", bytes(",,milk,,"))));
            valid.add(sendValid(producer, "create-raid", new String(create(raid), StandardCharsets.UTF_8),
                    Map.of("message-id", bytes("v3-" + UUID.randomUUID()))));
            var withNullHeader = new ProducerRecord<>(RAIDS, "batch-insert-raid-users",
                    users(raid, "\"1100000000000000002\"").getBytes(StandardCharsets.UTF_8));
            String last = "v4-" + UUID.randomUUID();
            withNullHeader.headers().add(new RecordHeader("request-id", (byte[]) null));
            withNullHeader.headers().add("message-id", bytes(last));
            producer.send(withNullHeader);
            valid.add(last);
            producer.flush();
        }

        // Every valid request answered, in order behind the corpus: the partition did not stall.
        List<ConsumerRecord<String, byte[]>> answers = TopicReader.await(RAIDS,
                r -> r.key() != null && r.key().endsWith(".response") && valid.contains(BeemoBot.header(r, "rpc-in-reply-to")),
                valid.size(), WAIT);
        assertThat(answers).allSatisfy(a -> assertThat(BeemoBot.header(a, "rpc-response-status")).isEqualTo("0"));
        assertThat(storedPublicId(raid)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raid))
                .isEqualTo(2);
        for (String skipped : List.of("-elsewhere", "-own", "-reply")) {
            assertThat(storedPublicId(raid + skipped)).as(skipped).isNull();
        }

        long expectedDead = corpus.stream().filter(p -> p.reason() != null).count();
        // Dead letters are published before the batch's answers, so they are all there by now.
        List<ConsumerRecord<String, byte[]>> dead = BeemoBot.read(RAIDS + ".DLT", r -> true, Duration.ZERO, Integer.MAX_VALUE);
        List<String> reasons = dead.stream().map(r -> BeemoBot.header(r, "kafka_dlt-exception-message")).toList();
        for (Poison poison : corpus) {
            if (poison.reason() != null) {
                assertThat(reasons).as("a dead letter for %s among %s", poison.reason(), reasons).anyMatch(r -> r.startsWith(poison.reason())
                        || r.contains(poison.reason()));
            }
        }
        assertThat(dead).as("exactly one dead letter per bad record").hasSize((int) expectedDead);
        assertThat(deadLettered(RAIDS) - deadBefore).isEqualTo(expectedDead);
    }

    @Test
    void theArchiveTopicToo() throws Exception {
        String archive = "purge-" + UUID.randomUUID();
        String message = "{\"id\":\"%s\",\"authorId\":\"3\",\"authorName\":\"mod\",\"content\":\"hi\",\"createdAtMillis\":1763899100000}";
        Map<String, String> corpus = new java.util.LinkedHashMap<>();
        corpus.put("{\"archiveId\":\"" + archive + "\"}", "type: is required");
        corpus.put("{\"type\":\"archive.renamed\",\"archiveId\":\"" + archive + "\"}", "type: unknown event type 'archive.renamed'");
        corpus.put("{\"type\":\"archive.sealed\",\"archiveId\":\"other\",\"sealedAtMillis\":1763899200000}",
                "archiveId: is 'other' but the record key is not");
        corpus.put("{\"type\":\"archive.messages\",\"archiveId\":\"" + archive, "malformed JSON");
        corpus.put("{\"type\":\"archive.messages\",\"archiveId\":\"" + archive + "\",\"messages\":[" + message.formatted("1320000000000000001")
                + "," + message.formatted("-7") + "]}", "1 of 2 messages refused, the others stored: messages[1].id: ");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String value : corpus.keySet()) {
                producer.send(new ProducerRecord<>(ARCHIVES, archive, value.getBytes(StandardCharsets.UTF_8))).get();
            }
            producer.send(new ProducerRecord<>(ARCHIVES, archive, ("{\"type\":\"archive.messages\",\"archiveId\":\"" + archive
                    + "\",\"messages\":[" + message.formatted("1320000000000000002") + "]}").getBytes(StandardCharsets.UTF_8))).get();
        }
        var dead = TopicReader.await(ARCHIVES + ".DLT", r -> archive.equals(r.key()), corpus.size(), WAIT);
        List<String> reasons = dead.stream().map(r -> BeemoBot.header(r, "kafka_dlt-exception-message")).toList();
        corpus.values().forEach(reason -> assertThat(reasons).as(reason).anyMatch(r -> r.startsWith(reason)));
        // The valid message behind the corpus, and the valid half of the mixed batch, are stored.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && jdbc.queryForObject("""
                SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                Integer.class, archive) < 2) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForList("""
                SELECT m.message_id FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?
                ORDER BY m.message_id""", Long.class, archive)).containsExactly(1320000000000000001L, 1320000000000000002L);
    }

    private static Poison poison(String key, String value, String reason) {
        return new Poison(key, value.getBytes(StandardCharsets.UTF_8), latte(), reason);
    }

    private static Map<String, byte[]> latte() {
        return Map.of("message-id", bytes(UUID.randomUUID().toString()), "source-service", bytes("tea"));
    }

    private static String sendValid(KafkaProducer<String, byte[]> producer, String key, String value,
            Map<String, byte[]> headers) {
        var record = new ProducerRecord<>(RAIDS, key, value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        producer.send(record);
        return new String(headers.get("message-id"), StandardCharsets.UTF_8);
    }

    private static byte[] create(String raid) {
        return ("{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\",\"unknownField\":[1]},"
                + "\"extra\":true}").getBytes(StandardCharsets.UTF_8);
    }

    private static String users(String raid, String id) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\",\"users\":[{\"id\":" + id
                + ",\"name\":\"n\",\"avatarHash\":null,\"createdAtMillis\":1700000000000,\"joinedAtMillis\":1763899000000}]}}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private double deadLettered(String topic) {
        return meters.find("milk.events.dead.lettered").tag("topic", topic).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

}
