package dev.milk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.milk.archive.ArchiveEvent;
import dev.milk.wire.EventJson;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidResponse;
import dev.milk.testing.TestKafka;
import dev.milk.wire.BrokerHeaders;
import dev.milk.wire.BrokerIdentity;
import dev.milk.wire.Caller;
import dev.milk.wire.ReplyStatus;

/**
 * The clients against a real broker, with the test standing in for Milk's side of the wire
 * (generation 2, latte RPC): the request's headers as latte sends them, replies matched by key,
 * addressee and {@code rpc-in-reply-to}.
 */
class MilkRaidClientTest {

    private static final BrokerIdentity MILK = new BrokerIdentity("-5", "milk", "milk-test-1");

    @Test
    void aRequestCompletesWithTheReplyAddressedToItsInstanceAndMessageId() throws Exception {
        String topic = "client-test-replies";
        TestKafka.broker().addTopics(topic);
        var settings = MilkClientSettings.raids(TestKafka.bootstrapServers()).withTopic(topic)
                .withSource("tea", "tea-cluster-3");
        try (var client = new MilkRaidClient(settings); var consumer = consumer(topic); var producer = producer()) {
            var reply = client.createRaid("raid-1", "42");
            ConsumerRecord<String, byte[]> request = next(consumer);
            assertThat(request.key()).isEqualTo("create-raid");
            assertThat(header(request, BrokerHeaders.SOURCE_SERVICE)).isEqualTo("tea");
            assertThat(header(request, BrokerHeaders.SOURCE_INSTANCE)).isEqualTo("tea-cluster-3");
            assertThat(header(request, BrokerHeaders.TARGET_SERVICES)).isEqualTo("milk");
            assertThat(header(request, BrokerHeaders.TARGET_INSTANCES)).isEmpty();
            assertThat(header(request, BrokerHeaders.MESSAGE_ID)).hasSize(36);
            RaidEnvelope sent = EventJson.read(request.value(), RaidEnvelope.class);
            assertThat(sent.request().raidId()).isEqualTo("raid-1");
            assertThat(sent.request().guildId()).isEqualTo("42");

            Caller caller = Caller.of(request.headers()).orElseThrow();
            byte[] ours = EventJson.write(RaidEnvelope.of(RaidResponse.accepted("publicId1234")));
            // Three replies that are not ours first: none may complete the future.
            producer.send(other(topic, "create-raid.response", "someoneElse1", "another-message-id")).get();
            var toAnotherInstance = caller.reply(topic, "create-raid", ours, MILK, ReplyStatus.ACCEPTED);
            toAnotherInstance.headers().remove(BrokerHeaders.TARGET_INSTANCES);
            BrokerHeaders.put(toAnotherInstance.headers(), BrokerHeaders.TARGET_INSTANCES, "tea-cluster-4");
            producer.send(toAnotherInstance).get();
            var onTheRequestKey = caller.reply(topic, "create-raid", ours, MILK, ReplyStatus.ACCEPTED);
            producer.send(new ProducerRecord<>(topic, null, "create-raid", ours, onTheRequestKey.headers())).get();
            assertThatThrownBy(() -> reply.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            producer.send(caller.reply(topic, "create-raid", ours, MILK, ReplyStatus.ACCEPTED)).get();
            assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(RaidResponse.accepted("publicId1234"));
        }
    }

    /**
     * Both generations of Beemo's library read this topic: a creation without a guild name or reason
     * travels as the same bytes it did before they existed (no {@code "guildName": null}); with
     * them, they are the request's last fields.
     */
    @Test
    void aCreationWithoutNameOrReasonIsTheBytesItAlwaysWas() throws Exception {
        String topic = "client-test-creations";
        TestKafka.broker().addTopics(topic);
        var settings = MilkClientSettings.raids(TestKafka.bootstrapServers()).withTopic(topic);
        try (var client = new MilkRaidClient(settings); var consumer = consumer(topic)) {
            client.createRaid("raid-1", "42");
            client.createRaid("raid-2", "42", null, null);
            client.createRaid("raid-3", "42", "Guild \"One\"", null);
            client.createRaid("raid-4", "42", "Guild", "40 joins\nin a minute");
            client.insertUsers("raid-4", "42", List.of());
            assertThat(next(consumer, 5)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(
                            "{\"request\":{\"raidId\":\"raid-1\",\"guildId\":\"42\",\"users\":null,\"concludedAtMillis\":null},\"response\":null}",
                            "{\"request\":{\"raidId\":\"raid-2\",\"guildId\":\"42\",\"users\":null,\"concludedAtMillis\":null},\"response\":null}",
                            "{\"request\":{\"raidId\":\"raid-3\",\"guildId\":\"42\",\"users\":null,\"concludedAtMillis\":null,"
                                    + "\"guildName\":\"Guild \\\"One\\\"\"},\"response\":null}",
                            "{\"request\":{\"raidId\":\"raid-4\",\"guildId\":\"42\",\"users\":null,\"concludedAtMillis\":null,"
                                    + "\"guildName\":\"Guild\",\"reason\":\"40 joins\\nin a minute\"},\"response\":null}",
                            "{\"request\":{\"raidId\":\"raid-4\",\"guildId\":\"42\",\"users\":[],\"concludedAtMillis\":null},\"response\":null}");
        }
    }

    @Test
    void aRefusedArchiveFailsWithMilksReasonAndStatus() throws Exception {
        String topic = "client-test-archive-refusal";
        TestKafka.broker().addTopics(topic);
        var settings = MilkClientSettings.archives(TestKafka.bootstrapServers()).withTopic(topic);
        try (var client = new MilkArchiveClient(settings); var consumer = consumer(topic); var producer = producer()) {
            var created = client.create(new ArchiveEvent.Created("a-1", "1", "2", "general", null, "3", 0L, null));
            ConsumerRecord<String, byte[]> request = next(consumer);
            assertThat(request.key()).isEqualTo("a-1");
            byte[] refused = EventJson.write(new ArchiveEvent.Refused("a-1", "createdAtMillis: must be epoch milliseconds"));
            producer.send(Caller.of(request.headers()).orElseThrow()
                    .reply(topic, request.key(), refused, MILK, ReplyStatus.INVALID)).get();
            assertThatThrownBy(() -> created.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MilkRefusedException.class)
                    .cause().hasMessage("createdAtMillis: must be epoch milliseconds")
                    .satisfies(e -> assertThat(((MilkRefusedException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void aRequestWithoutReplyFailsWithATimeout() {
        String topic = "client-test-silence";
        TestKafka.broker().addTopics(topic);
        var settings = MilkClientSettings.raids(TestKafka.bootstrapServers()).withTopic(topic)
                .withReplyTimeout(Duration.ofMillis(500));
        try (var client = new MilkRaidClient(settings)) {
            assertThatThrownBy(() -> client.concludeRaid("raid-1", "42", null).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    private static ProducerRecord<String, byte[]> other(String topic, String key, String publicId, String inReplyTo) {
        var record = new ProducerRecord<>(topic, key, EventJson.write(RaidEnvelope.of(RaidResponse.accepted(publicId))));
        BrokerHeaders.put(record.headers(), BrokerHeaders.RPC_IN_REPLY_TO, inReplyTo);
        return record;
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
        var partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<String, byte[]> next(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("no request within 30 s");
    }

    private static List<ConsumerRecord<String, byte[]>> next(KafkaConsumer<String, byte[]> consumer, int count) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).as("requests within 30 s").hasSize(count);
        return records;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
