package dev.milk.writes.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.wire.EventJson;
import dev.milk.raid.RaidEnvelope;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.wire.BrokerHeaders;
import dev.milk.writes.WritesTestApplication;

/**
 * Milk's error story through the real broker and PostgreSQL. A record whose SQL fails for a reason
 * of its own (here a value a later schema refuses) is tried alone in three deliveries of its poll,
 * the container backing off between them, and then dead-lettered once with the reason; its
 * neighbours are stored and answered once, and the partition moves on. A failure that passes (a
 * serialization failure) is retried with the same back-off until the record is stored, never
 * dead-lettered. Its own topic, so no other test's records share its batches.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.raid.topic=" + StoreFailureTest.TOPIC, "milk.writes.archive.topic=message-archives-store-failure"})
class StoreFailureTest {

    static {
        MilkTestInfrastructure.install();
    }

    static final String TOPIC = "raid-management-store-failure";
    private static final String GUILD = "81384788765712384";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The container's first two back-offs (0.5 s, then 1 s): what three deliveries take at least. */
    private static final long TWO_BACK_OFFS_MILLIS = 1_500;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRecordThatFailsOnItsOwnIsDeadLetteredAndItsNeighboursStored() throws Exception {
        String constraint = "store_failure_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        jdbc.execute("ALTER TABLE raid_user ADD CONSTRAINT " + constraint + " CHECK (name <> 'poison pill') NOT VALID");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "linger.ms", 200), new StringSerializer(), new ByteArraySerializer())) {
            String raid = "raid-" + UUID.randomUUID();
            List<String> ids = new ArrayList<>();
            ids.add(send(producer, raid, 0, "bot zero"));
            String poison = send(producer, raid, 1, "poison pill");
            ids.add(send(producer, raid, 2, "bot two"));
            ids.add(send(producer, raid, 3, "bot three"));
            producer.flush();

            List<ConsumerRecord<String, byte[]>> answered = TopicReader.await(TOPIC,
                    r -> r.key().endsWith(".response") && (ids.contains(header(r, BrokerHeaders.RPC_IN_REPLY_TO))
                            || poison.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO))), 4, WAIT);
            ConsumerRecord<String, byte[]> poisonReply = answered.stream()
                    .filter(r -> poison.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO))).findFirst().orElseThrow();
            assertThat(header(poisonReply, BrokerHeaders.RPC_RESPONSE_STATUS)).isEqualTo("500");
            assertThat(EventJson.read(poisonReply.value(), RaidEnvelope.class).response().error())
                    .startsWith("could not be stored (3 attempts): ").contains(constraint);
            assertThat(answered.stream().filter(r -> !r.equals(poisonReply)))
                    .allSatisfy(r -> assertThat(header(r, BrokerHeaders.RPC_RESPONSE_STATUS)).isEqualTo("0"));

            assertThat(poisonReply.timestamp() - sent(poison)).as("three deliveries, backing off between them")
                    .isGreaterThanOrEqualTo(TWO_BACK_OFFS_MILLIS);
            assertThat(TopicReader.untilEnd(TOPIC, r -> r.key().endsWith(".response")
                    && (ids.contains(header(r, BrokerHeaders.RPC_IN_REPLY_TO))
                            || poison.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO))), WAIT))
                    .as("each request answered once, though its poll came three times").hasSize(4);

            TopicReader.await(TOPIC + ".DLT", r -> poison.equals(header(r, BrokerHeaders.MESSAGE_ID)), 1, WAIT);
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.untilEnd(TOPIC + ".DLT",
                    r -> poison.equals(header(r, BrokerHeaders.MESSAGE_ID)), WAIT);
            assertThat(dead).as("dead-lettered once").hasSize(1);
            assertThat(header(dead.getFirst(), "kafka_dlt-exception-message"))
                    .startsWith("could not be stored (3 attempts): ").contains(constraint);
            assertThat(jdbc.queryForList("""
                    SELECT u.name FROM raid_user u JOIN raid r ON r.id = u.raid_id WHERE r.internal_id = ?
                    ORDER BY u.user_id""", String.class, raid)).containsExactly("bot zero", "bot two", "bot three");

            // The partition moved on: a record sent after the poison is stored too.
            String after = send(producer, raid, 4, "bot four");
            producer.flush();
            TopicReader.await(TOPIC, r -> after.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO)), 1, WAIT);
            assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raid))
                    .isEqualTo(4);
        } finally {
            jdbc.execute("ALTER TABLE raid_user DROP CONSTRAINT " + constraint);
        }
    }

    @Test
    void aFailureThatPassesIsRetriedWithBackOffUntilStoredAndNeverDeadLettered() throws Exception {
        String marker = "store_failure_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // Two serialization failures (SQLSTATE 40001), then success: a sequence counts the tries, as it survives rollbacks.
        jdbc.execute("CREATE SEQUENCE " + marker);
        jdbc.execute("CREATE FUNCTION " + marker + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.name = 'passing pill' THEN IF nextval('" + marker + "') <= 2 THEN "
                + "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; "
                + "END IF; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + marker + " BEFORE INSERT ON raid_user FOR EACH ROW EXECUTE FUNCTION " + marker + "()");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            String raid = "raid-" + UUID.randomUUID();
            String request = send(producer, raid, 0, "passing pill");
            producer.flush();

            ConsumerRecord<String, byte[]> reply = TopicReader.await(TOPIC,
                    r -> request.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO)), 1, WAIT).getFirst();
            assertThat(header(reply, BrokerHeaders.RPC_RESPONSE_STATUS)).isEqualTo("0");
            assertThat(reply.timestamp() - sent(request)).as("retried after the container's back-offs")
                    .isGreaterThanOrEqualTo(TWO_BACK_OFFS_MILLIS);
            assertThat(jdbc.queryForObject("SELECT last_value FROM " + marker, Long.class)).as("tries").isEqualTo(3);
            assertThat(jdbc.queryForList("""
                    SELECT u.name FROM raid_user u JOIN raid r ON r.id = u.raid_id WHERE r.internal_id = ?""",
                    String.class, raid)).containsExactly("passing pill");
            assertThat(TopicReader.untilEnd(TOPIC, r -> request.equals(header(r, BrokerHeaders.RPC_IN_REPLY_TO)), WAIT))
                    .as("answered once").hasSize(1);
            assertThat(TopicReader.untilEnd(TOPIC + ".DLT", r -> request.equals(header(r, BrokerHeaders.MESSAGE_ID)), WAIT))
                    .as("never dead-lettered").isEmpty();
        } finally {
            jdbc.execute("DROP TRIGGER " + marker + " ON raid_user");
            jdbc.execute("DROP FUNCTION " + marker + "()");
            jdbc.execute("DROP SEQUENCE " + marker);
        }
    }

    /** When the request with this message id was sent, by its record's timestamp. */
    private static long sent(String messageId) {
        return TopicReader.await(TOPIC, r -> !r.key().endsWith(".response")
                && messageId.equals(header(r, BrokerHeaders.MESSAGE_ID)), 1, WAIT).getFirst().timestamp();
    }

    private static String send(KafkaProducer<String, byte[]> producer, String raid, int user, String name) {
        String messageId = UUID.randomUUID().toString();
        String value = "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\",\"users\":[{\"id\":\""
                + (1_100_000_000_000_000_000L + user) + "\",\"name\":\"" + name + "\",\"avatarHash\":null,"
                + "\"createdAtMillis\":1700000000000,\"joinedAtMillis\":" + (1_763_899_000_000L + user) + "}]}}";
        var record = new ProducerRecord<>(TOPIC, "batch-insert-raid-users", value.getBytes(StandardCharsets.UTF_8));
        BrokerHeaders.put(record.headers(), BrokerHeaders.MESSAGE_ID, messageId);
        producer.send(record);
        return messageId;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return BrokerHeaders.text(record.headers(), name);
    }
}
