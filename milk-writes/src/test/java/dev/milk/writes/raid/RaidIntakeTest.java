package dev.milk.writes.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.milk.wire.EventJson;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidResponse;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.wire.BrokerHeaders;
import dev.milk.writes.WritesProperties;
import dev.milk.writes.WritesTestApplication;
import io.micrometer.core.instrument.MeterRegistry;

/** The raid writer through a real broker into a real PostgreSQL, records written by hand. */
@SpringBootTest(classes = WritesTestApplication.class, properties = "milk.role=writes")
class RaidIntakeTest {

    static {
        MilkTestInfrastructure.install();
    }

    private static final String TOPIC = "raid-management";
    private static final String GUILD = "81384788765712384";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    WritesProperties writes;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "linger.ms", 50), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndItsValidNeighboursAreStored() {
        String raid = "raid-" + UUID.randomUUID();
        double deadBefore = deadLettered();
        List<String> ids = new ArrayList<>();
        ids.add(send("create-raid", request(raid, GUILD, null)));
        ids.add(send("create-raid", "{\"request\": {\"raidId\": "));
        ids.add(send("delete-raid", request(raid, GUILD, null)));
        ids.add(send("batch-insert-raid-users", request(raid, "12a", users(0, 3))));
        ids.add(send("batch-insert-raid-users", request(raid, GUILD, users(0, 3))));
        sendWithoutMessageId("create-raid", "not json at all");
        producer.flush();

        Map<String, RaidResponse> replies = replies(ids);
        String publicId = replies.get(ids.get(0)).publicId();
        assertThat(replies.get(ids.get(0))).isEqualTo(RaidResponse.accepted(publicId));
        assertThat(replies.get(ids.get(4))).isEqualTo(RaidResponse.accepted(publicId));
        assertThat(replies.get(ids.get(1)).acknowledged()).isFalse();
        assertThat(replies.get(ids.get(1)).error()).startsWith("malformed JSON");
        assertThat(replies.get(ids.get(2)).error()).startsWith("unknown record key 'delete-raid'");
        assertThat(replies.get(ids.get(3)).error())
                .isEqualTo("request.guildId: must be a decimal string of 1-20 digits");

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.await(TOPIC + ".DLT",
                r -> ids.contains(String.valueOf(header(r, BrokerHeaders.MESSAGE_ID))) || "not json at all".equals(text(r.value())),
                4, WAIT);
        assertThat(dead).extracting(r -> header(r, "kafka_dlt-exception-message")).containsExactlyInAnyOrder(
                replies.get(ids.get(1)).error(), replies.get(ids.get(2)).error(), replies.get(ids.get(3)).error(),
                dead.stream().filter(r -> r.headers().lastHeader(BrokerHeaders.MESSAGE_ID) == null).findFirst()
                        .map(r -> header(r, "kafka_dlt-exception-message")).orElseThrow());
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
            assertThat(r.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        });
        assertThat(deadLettered() - deadBefore).isEqualTo(4.0);

        assertThat(jdbc.queryForList("""
                SELECT u.user_id FROM raid_user u JOIN raid r ON r.id = u.raid_id
                WHERE r.internal_id = ? ORDER BY u.user_id""", Long.class, raid))
                .containsExactly(1_000_000_000_000_000L, 1_000_000_000_000_001L, 1_000_000_000_000_002L);
    }

    @Test
    void redeliveringAWholeBatchChangesNothing() throws Exception {
        String raid = "raid-" + UUID.randomUUID();
        var partition = new TopicPartition(TOPIC, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            long start = endOffset(admin, partition);
            List<String> ids = List.of(
                    send("create-raid", request(raid, GUILD, null)),
                    send("batch-insert-raid-users", request(raid, GUILD, users(0, 300))),
                    send("batch-insert-raid-users", request(raid, GUILD, users(200, 500))),
                    send("conclude-raid", "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD
                            + "\",\"concludedAtMillis\":1763899200000}}"));
            producer.flush();
            replies(ids);
            Map<String, Object> before = snapshot(raid);
            assertThat(before).containsEntry("user_count", 500);

            listeners.getListenerContainer(RaidWritesConfiguration.LISTENER_ID).stop();
            try {
                admin.alterConsumerGroupOffsets(writes.groupOf(writes.raid()), Map.of(partition, new OffsetAndMetadata(start)))
                        .all().get();
            } finally {
                listeners.getListenerContainer(RaidWritesConfiguration.LISTENER_ID).start();
            }

            // Each request is answered again, and from the same stored state.
            Map<String, List<RaidResponse>> answers = new HashMap<>();
            TopicReader.await(TOPIC, r -> isReplyTo(r, ids), 2 * ids.size(), WAIT)
                    .forEach(r -> answers.computeIfAbsent(header(r, BrokerHeaders.RPC_IN_REPLY_TO), k -> new ArrayList<>())
                            .add(EventJson.read(r.value(), RaidEnvelope.class).response()));
            assertThat(answers.values()).allSatisfy(pair -> assertThat(pair).hasSize(2).containsOnly(pair.getFirst()));
            assertThat(snapshot(raid)).isEqualTo(before);
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM raid_user u JOIN raid r ON r.id = u.raid_id WHERE r.internal_id = ?""",
                    Integer.class, raid)).isEqualTo(500);
        }
    }

    @Test
    void aLaterConclusionNeverMovesTheEnd() {
        String raid = "raid-" + UUID.randomUUID();
        replies(List.of(send("create-raid", request(raid, GUILD, null))));
        String first = send("conclude-raid", conclusion(raid, 1763899200000L));
        String later = send("conclude-raid", conclusion(raid, 1763899300000L));
        String unknown = send("conclude-raid", conclusion("raid-" + UUID.randomUUID(), 1763899300000L));
        Map<String, RaidResponse> replies = replies(List.of(first, later, unknown));

        assertThat(replies.get(first).acknowledged()).isTrue();
        assertThat(replies.get(later)).isEqualTo(replies.get(first));
        assertThat(replies.get(unknown).acknowledged()).isFalse();
        assertThat(replies.get(unknown).error()).contains("unknown raid");
        assertThat(jdbc.queryForObject("SELECT concluded_at FROM raid WHERE internal_id = ?", Instant.class, raid))
                .isEqualTo(Instant.ofEpochMilli(1763899200000L));
    }

    /** A concluded raid is final: new accounts are refused (and kept in the DLT), a resent batch still answers. */
    @Test
    void aConcludedRaidTakesNoNewAccounts() {
        String raid = "raid-" + UUID.randomUUID();
        replies(List.of(send("batch-insert-raid-users", request(raid, GUILD, users(0, 3)))));
        replies(List.of(send("conclude-raid", conclusion(raid, 1763899200000L))));
        String resent = send("batch-insert-raid-users", request(raid, GUILD, users(0, 3)));
        String late = send("batch-insert-raid-users", request(raid, GUILD, users(2, 5)));
        Map<String, RaidResponse> replies = replies(List.of(resent, late));

        assertThat(replies.get(resent).acknowledged()).as("a redelivered batch changes nothing").isTrue();
        assertThat(replies.get(late).acknowledged()).isFalse();
        assertThat(replies.get(late).error()).startsWith("raid '" + raid + "' was concluded at 2025-11-23T12:00:00Z; "
                + "2 of 3 accounts are new, and a concluded raid takes none");
        assertThat(header(TopicReader.await(TOPIC, r -> late.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO)), 1, WAIT)
                .getFirst(), BrokerHeaders.RPC_RESPONSE_STATUS)).isEqualTo("409");
        assertThat(header(TopicReader.await(TOPIC + ".DLT", r -> late.equals(header(r, BrokerHeaders.MESSAGE_ID)), 1, WAIT)
                .getFirst(), "kafka_dlt-exception-message")).isEqualTo(replies.get(late).error());
        assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raid))
                .isEqualTo(3);
    }

    /**
     * A creation names the raid in either shape, also one its accounts created, and the first name
     * and reason stay; without them a creation is answered as before; a bad one is refused naming
     * the field as its shape spells it.
     */
    @Test
    void aCreationNamesTheRaidAndABadNameIsRefusedNamingTheField() {
        String batchedFirst = "raid-" + UUID.randomUUID();
        String bare = "raid-" + UUID.randomUUID();
        String plain = "raid-" + UUID.randomUUID();
        String name = "Guild <One> \\\" 🎉";
        replies(List.of(send("batch-insert-raid-users", request(batchedFirst, GUILD, users(0, 2)))));
        List<String> ids = List.of(
                send("create-raid", named(batchedFirst, name, "40 joins\\nin a minute")),
                send("create-raid", named(batchedFirst, "Renamed", "another reason")),
                send("create-raid", "{\"raidId\":\"" + bare + "\",\"guildId\":\"" + GUILD
                        + "\",\"guildName\":\"Bare guild\",\"reason\":\"same avatar\"}"),
                send("create-raid", request(plain, GUILD, null)),
                send("create-raid", named("raid-" + UUID.randomUUID(), "two\\nlines", null)),
                send("create-raid", "{\"raidId\":\"r\",\"guildId\":\"" + GUILD + "\",\"reason\":\"" + "x".repeat(1_001) + "\"}"));
        producer.flush();
        Map<String, byte[]> replies = rawReplies(ids);

        assertThat(jdbc.queryForList("SELECT guild_name, reason FROM raid WHERE internal_id = ?", batchedFirst))
                .containsExactly(Map.of("guild_name", "Guild <One> \" 🎉", "reason", "40 joins\nin a minute"));
        assertThat(jdbc.queryForList("SELECT guild_name, reason FROM raid WHERE internal_id = ?", bare))
                .containsExactly(Map.of("guild_name", "Bare guild", "reason", "same avatar"));
        assertThat(jdbc.queryForObject("SELECT guild_name IS NULL AND reason IS NULL FROM raid WHERE internal_id = ?",
                Boolean.class, plain)).isTrue();
        String publicId = jdbc.queryForObject("SELECT public_id FROM raid WHERE internal_id = ?", String.class, plain);
        assertThat(text(replies.get(ids.get(3))))
                .isEqualTo("{\"request\":null,\"response\":{\"publicId\":\"" + publicId + "\",\"acknowledged\":true}}");
        assertThat(text(replies.get(ids.get(2)))).startsWith("{\"publicId\":").endsWith(",\"acknowledged\":true}");

        List<String> refused = List.of(ids.get(4), ids.get(5));
        assertThat(refused).extracting(id -> text(replies.get(id))).containsExactly(
                "{\"request\":null,\"response\":{\"acknowledged\":false,"
                        + "\"error\":\"request.guildName: must not contain control characters\"}}",
                "{\"acknowledged\":false,\"error\":\"reason: is longer than 1000 characters\"}");
        assertThat(TopicReader.await(TOPIC + ".DLT", r -> refused.contains(header(r, BrokerHeaders.MESSAGE_ID)), 2, WAIT))
                .extracting(r -> header(r, "kafka_dlt-exception-message")).containsExactlyInAnyOrder(
                        "request.guildName: must not contain control characters", "reason: is longer than 1000 characters");
    }

    private Map<String, Object> snapshot(String raid) {
        Map<String, Object> row = new HashMap<>(jdbc.queryForMap(
                "SELECT id, public_id, guild_id, started_at, concluded_at, user_count FROM raid WHERE internal_id = ?",
                raid));
        row.put("users", jdbc.queryForList("""
                SELECT user_id || '|' || name || '|' || coalesce(avatar_hash, '') || '|' || created_at || '|' || joined_at
                FROM raid_user WHERE raid_id = ? ORDER BY user_id""", String.class, row.get("id")));
        return row;
    }

    private double deadLettered() {
        var counter = meters.find("milk.events.dead.lettered").tag("topic", TOPIC).counters();
        return counter.stream().mapToDouble(c -> c.count()).sum();
    }

    private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    private static Map<String, RaidResponse> replies(List<String> messageIds) {
        Map<String, RaidResponse> replies = new HashMap<>();
        TopicReader.await(TOPIC, r -> isReplyTo(r, messageIds), messageIds.size(), WAIT)
                .forEach(r -> replies.put(header(r, BrokerHeaders.RPC_IN_REPLY_TO),
                        EventJson.read(r.value(), RaidEnvelope.class).response()));
        return replies;
    }

    private static Map<String, byte[]> rawReplies(List<String> messageIds) {
        Map<String, byte[]> replies = new HashMap<>();
        TopicReader.await(TOPIC, r -> isReplyTo(r, messageIds), messageIds.size(), WAIT)
                .forEach(r -> replies.put(header(r, BrokerHeaders.RPC_IN_REPLY_TO), r.value()));
        return replies;
    }

    private static boolean isReplyTo(ConsumerRecord<String, byte[]> record, List<String> messageIds) {
        String inReplyTo = header(record, BrokerHeaders.RPC_IN_REPLY_TO);
        return record.key().endsWith(".response") && inReplyTo != null && messageIds.contains(inReplyTo);
    }

    private static String send(String key, String value) {
        String messageId = UUID.randomUUID().toString();
        var record = new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8));
        record.headers().add(BrokerHeaders.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        return messageId;
    }

    private static void sendWithoutMessageId(String key, String value) {
        producer.send(new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String request(String raid, String guild, String users) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + guild + "\""
                + (users == null ? "" : ",\"users\":" + users) + "},\"response\":null}";
    }

    /** A creation in the envelope, with its guild name and reason (JSON-escaped already, or null). */
    private static String named(String raid, String guildName, String reason) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\""
                + (guildName == null ? "" : ",\"guildName\":\"" + guildName + "\"")
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "},\"response\":null}";
    }

    private static String conclusion(String raid, long at) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\",\"concludedAtMillis\":" + at + "}}";
    }

    /** Accounts {@code from} (inclusive) to {@code to} (exclusive), with hostile names. */
    private static String users(int from, int to) {
        StringBuilder json = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            json.append(i == from ? "" : ",").append("{\"id\":\"").append(1_000_000_000_000_000L + i)
                    .append("\",\"name\":\"bot, \\\"").append(i).append("\\\"\\n\",\"avatarHash\":")
                    .append(i % 2 == 0 ? "null" : "\"a_" + i + "\"")
                    .append(",\"createdAtMillis\":").append(1_700_000_000_000L + i)
                    .append(",\"joinedAtMillis\":").append(1_763_899_000_000L + i / 10).append('}');
        }
        return json.append(']').toString();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
