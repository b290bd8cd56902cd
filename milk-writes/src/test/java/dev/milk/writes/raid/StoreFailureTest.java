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
 * A record whose SQL fails for a reason of its own (here a value a later schema refuses) is tried
 * alone a few times and then dead-lettered with the reason; its neighbours are stored and the
 * partition moves on. Its own topic, so no other test's records share its batches.
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

            ConsumerRecord<String, byte[]> dead = TopicReader.await(TOPIC + ".DLT",
                    r -> poison.equals(header(r, BrokerHeaders.MESSAGE_ID)), 1, WAIT).getFirst();
            assertThat(header(dead, "kafka_dlt-exception-message")).contains(constraint);
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
