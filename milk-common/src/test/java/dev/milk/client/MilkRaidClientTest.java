package dev.milk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
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

import dev.milk.event.EventHeaders;
import dev.milk.event.EventJson;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidResponse;
import dev.milk.testing.TestKafka;

/** The client against a real broker, with the test standing in for Milk's side of the protocol. */
class MilkRaidClientTest {

    @Test
    void aRequestCompletesWithTheReplyThatNamesItsMessageId() throws Exception {
        String topic = "client-test-replies";
        TestKafka.broker().addTopics(topic);
        var settings = MilkClientSettings.raids(TestKafka.bootstrapServers()).withTopic(topic);
        try (var client = new MilkRaidClient(settings);
             var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));

            var reply = client.createRaid("raid-1", "42");
            ConsumerRecord<String, byte[]> request = null;
            while (request == null) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    request = record;
                }
            }
            assertThat(request.key()).isEqualTo("create-raid");
            RaidEnvelope sent = EventJson.read(request.value(), RaidEnvelope.class);
            assertThat(sent.request().raidId()).isEqualTo("raid-1");
            assertThat(sent.request().guildId()).isEqualTo("42");

            // A reply to someone else first: it must not complete our future.
            var unrelated = new ProducerRecord<>(topic, "create-raid",
                    EventJson.write(RaidEnvelope.of(RaidResponse.accepted("someoneElse1"))));
            unrelated.headers().add(EventHeaders.IN_REPLY_TO, "other".getBytes(StandardCharsets.UTF_8));
            producer.send(unrelated).get();
            var ours = new ProducerRecord<>(topic, "create-raid",
                    EventJson.write(RaidEnvelope.of(RaidResponse.accepted("publicId1234"))));
            ours.headers().add(EventHeaders.IN_REPLY_TO, request.headers().lastHeader(EventHeaders.MESSAGE_ID).value());
            producer.send(ours).get();

            assertThat(reply.get()).isEqualTo(RaidResponse.accepted("publicId1234"));
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
}
