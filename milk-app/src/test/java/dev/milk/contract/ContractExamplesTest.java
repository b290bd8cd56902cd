package dev.milk.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.milk.MilkEndToEndTest;
import dev.milk.contract.ContractDocument.Example;
import dev.milk.publicid.PublicIds;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.wire.BrokerHeaders;
import dev.milk.wire.Generation;

/**
 * Every worked example of the AsyncAPI document (the same as docs/events.md's) is sent to Milk as
 * a bot would send it, key, headers and value, through the real broker: each request is stored
 * and answered as documented and none is dead-lettered; each dead-letter example, sent as the
 * record it keeps, lands in the dead-letter topic exactly as documented; and each reply example
 * is what Milk really answers, but for the values that differ on every run (a new message id,
 * the answering writer, a public id, a position on the topic).
 */
class ContractExamplesTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What is new in every reply, and where a dead letter sits: documented by shape, not by value. */
    private static final Set<String> NEW_IN_EVERY_REPLY = Set.of(BrokerHeaders.MESSAGE_ID, BrokerHeaders.SOURCE_INSTANCE);
    private static final Set<String> POSITIONS = Set.of("kafka_dlt-original-partition", "kafka_dlt-original-offset",
            "kafka_dlt-original-timestamp");

    private final ContractDocument contract = ContractDocument.load();
    /** The share ids Milk answered the share examples with: a revocation example names its share by them. */
    private final Map<String, String> shareIds = new LinkedHashMap<>();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyRequestExampleIsStoredAndAnsweredAsDocumented() throws Exception {
        List<Example> requests = contract.examplesOf("receive");
        assertThat(requests).as("request examples").isNotEmpty();
        try (var producer = producer()) {
            for (Example example : requests) {
                Example request = forThisRun(example);
                String topic = contract.topicOf(request.message());
                send(producer, topic, request);
                if (answered(request)) {
                    ConsumerRecord<String, byte[]> reply = awaitReply(topic, request);
                    assertAccepted(request, reply);
                    rememberShare(reply);
                    documentedReply(request).ifPresent(documented -> assertAsDocumented(documented, reply));
                } else {
                    eventually(() -> stored(request), request.name() + " stored");
                }
            }
            // One archive's records share a partition: once a creation sent after them is answered,
            // every dead letter they could have made is written.
            for (Example creation : contract.examples("archiveCreated")) {
                Map<String, String> headers = new LinkedHashMap<>(creation.headers());
                headers.put(BrokerHeaders.MESSAGE_ID, UUID.randomUUID().toString());
                Example again = creation.withHeaders(headers);
                send(producer, contract.topicOf(creation.message()), again);
                assertAccepted(again, awaitReply(contract.topicOf(creation.message()), again));
            }
        }
        Set<String> sent = new HashSet<>(requests.stream().map(Example::correlationId).toList());
        for (String topic : List.of("raid-management.DLT", "message-archives.DLT")) {
            assertThat(TopicReader.untilEnd(topic, r -> sent.contains(correlationId(r)), WAIT))
                    .as("dead letters of the request examples in " + topic).isEmpty();
        }
    }

    @Test
    void everyDeadLetterExampleIsWhatMilkKeepsOfThatRecord() throws Exception {
        List<Example> deadLetters = contract.examplesOf("send");
        assertThat(deadLetters).as("dead-letter examples").isNotEmpty();
        try (var producer = producer()) {
            for (Example deadLetter : deadLetters) {
                Map<String, String> own = new LinkedHashMap<>(deadLetter.headers());
                own.keySet().removeIf(name -> name.startsWith("kafka_dlt-") || name.startsWith("milk-dlt-"));
                Example original = deadLetter.withHeaders(own);
                String topic = deadLetter.headers().get("kafka_dlt-original-topic");
                send(producer, topic, original);
                List<ConsumerRecord<String, byte[]>> kept = TopicReader.await(contract.topicOf(deadLetter.message()),
                        r -> original.correlationId().equals(correlationId(r)), 1, WAIT);
                assertAsDocumented(deadLetter, kept.getFirst());
                documentedReply(original).ifPresent(documented -> assertAsDocumented(documented, awaitReply(topic, original)));
            }
        }
    }

    /**
     * The example with what only holds when it is sent: a share ends a week from the run (a fixed
     * time would soon be past), and a revocation names the share Milk answered the share example with.
     */
    private Example forThisRun(Example example) {
        JsonNode value = example.value();
        if (!(value instanceof ObjectNode object) || !value.has("type")) {
            return example;
        }
        ObjectNode copy = object.deepCopy();
        switch (value.get("type").asString()) {
            case "archive.share" -> copy.put("expiresAtMillis", System.currentTimeMillis() + Duration.ofDays(7).toMillis());
            case "archive.share.revoked" -> copy.put("shareId", shareIds.getOrDefault(value.get("archiveId").asString(),
                    value.get("shareId").asString()));
            default -> {
                return example;
            }
        }
        return example.withValue(copy);
    }

    private void rememberShare(ConsumerRecord<String, byte[]> reply) {
        JsonNode value = JSON.readTree(reply.value());
        if ("archive.shared".equals(value.path("type").asString(""))) {
            shareIds.put(value.get("archiveId").asString(), value.get("shareId").asString());
        }
    }

    /** Whether Milk answers the request: it names a caller, and its operation has a reply. */
    private boolean answered(Example request) {
        return request.correlationId() != null && contract.root().get("operations").valueStream()
                .filter(operation -> operation.has("reply"))
                .anyMatch(operation -> operation.get("messages").valueStream()
                        .anyMatch(ref -> ref.get("$ref").asString().endsWith("/" + request.message())));
    }

    private Optional<Example> documentedReply(Example request) {
        return contract.examplesOf("reply").stream().filter(reply -> request.correlationId().equals(reply.answers())).findFirst();
    }

    private static ConsumerRecord<String, byte[]> awaitReply(String topic, Example request) {
        Generation generation = request.generation();
        String key = generation.replyKey(request.key());
        String header = generation == Generation.WATER ? BrokerHeaders.REQUEST_ID : BrokerHeaders.RPC_IN_REPLY_TO;
        Predicate<ConsumerRecord<String, byte[]>> answersIt = r -> key.equals(r.key())
                && request.correlationId().equals(BrokerHeaders.text(r.headers(), header));
        return TopicReader.await(topic, answersIt, 1, WAIT).getFirst();
    }

    /** The reply a stored request gets, with the headers its generation documents, in their order. */
    private void assertAccepted(Example request, ConsumerRecord<String, byte[]> reply) {
        JsonNode value = JSON.readTree(reply.value());
        JsonNode response = value.has("response") ? value.get("response") : value;
        if (value.has("type")) {
            // Each request's own reply type: archive.shared for a share, user.forgotten for a forget,
            // archive.accepted for a creation.
            String type = request.value().get("type").asString();
            assertThat(value.get("type").asString()).as(request.name()).isEqualTo(switch (type) {
                case "archive.share" -> "archive.shared";
                case "user.forget" -> "user.forgotten";
                default -> "archive.accepted";
            });
        } else {
            assertThat(response.get("acknowledged").asBoolean()).as(request.name() + ": " + response).isTrue();
        }
        assertThat(value.has("response")).as(request.name() + " answered in its own shape")
                .isEqualTo(request.value().has("request"));
        String headers = request.generation() == Generation.WATER ? "WaterReplyHeaders" : "LatteReplyHeaders";
        assertThat(names(reply)).as(request.name() + " reply headers").isEqualTo(contract.requiredHeaders(headers));
    }

    /** What an archive event without a reply did, read from the database the pages are made from. */
    private boolean stored(Example request) {
        JsonNode event = request.value();
        if ("guild.access".equals(event.get("type").asString())) {
            return jdbc.queryForObject("SELECT count(*) FROM guild_access WHERE guild_id = ?", Integer.class,
                    Long.parseLong(event.get("guildId").asString())) == 1;
        }
        String archive = event.get("archiveId").asString();
        return switch (event.get("type").asString()) {
            case "archive.messages" -> jdbc.queryForObject("""
                    SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id
                    WHERE a.internal_id = ? AND m.message_id = ANY (?::bigint[])""", Integer.class, archive,
                    event.get("messages").valueStream().map(m -> m.get("id").asString()).toArray(String[]::new))
                    == event.get("messages").size();
            case "archive.sealed" -> archiveHas(archive, "sealed_at IS NOT NULL");
            case "archive.redacted" -> archiveHas(archive,
                    "EXISTS (SELECT FROM archive_redaction r WHERE r.archive_id = archive.id)");
            case "archive.deleted" -> archiveHas(archive, "deleted_at IS NOT NULL");
            case "archive.visibility" -> archiveHas(archive, "visibility = '"
                    + event.get("visibility").get("mode").asString().replace("'", "") + "'");
            case "archive.share.revoked" -> archiveHas(archive,
                    "EXISTS (SELECT FROM archive_share s WHERE s.archive_id = archive.id AND s.revoked_at IS NOT NULL)");
            default -> throw new AssertionError("no check of what " + request.name() + " stores");
        };
    }

    private boolean archiveHas(String archive, String condition) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT coalesce(bool_or(" + condition
                + "), false) FROM archive WHERE internal_id = ?", Boolean.class, archive));
    }

    /** The record is the documented one, key, headers in order and value, but for what is new on every run. */
    private void assertAsDocumented(Example documented, ConsumerRecord<String, byte[]> actual) {
        String what = documented.name();
        assertThat(actual.key()).as(what + ": key").isEqualTo(documented.key());
        assertThat(names(actual)).as(what + ": headers").containsExactlyElementsOf(documented.headers().keySet());
        boolean reply = contract.messages("reply").contains(documented.message());
        documented.headers().forEach((name, value) -> {
            byte[] sent = actual.headers().lastHeader(name).value();
            if (POSITIONS.contains(name)) {
                assertThat(sent).as(what + ": " + name + ", binary").hasSize(HexFormat.of().parseHex(value).length);
            } else if (reply && NEW_IN_EVERY_REPLY.contains(name)) {
                assertThat(new String(sent, StandardCharsets.UTF_8)).as(what + ": " + name).isNotBlank();
            } else {
                assertThat(new String(sent, StandardCharsets.UTF_8)).as(what + ": " + name).isEqualTo(value);
            }
        });
        JsonNode value = JSON.readTree(actual.value());
        assertThat(withDocumentedPublicId(value, documented.value())).as(what + ": value").isEqualTo(documented.value());
    }

    /** A public id is new for every raid, archive and share: any well-formed one stands for the documented one. */
    private static JsonNode withDocumentedPublicId(JsonNode actual, JsonNode documented) {
        if (!(actual instanceof ObjectNode object) || !documented.isObject()) {
            return actual;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.has("publicId") && documented.has("publicId")) {
            assertThat(copy.get("publicId").asString()).matches(PublicIds.LINK_ID).hasSize(PublicIds.LENGTH);
            copy.put("publicId", documented.get("publicId").asString());
        }
        // A share's id and token are new for every share: any of the right shape stands for the documented ones.
        if (copy.has("shareId") && documented.has("shareId")) {
            assertThat(copy.get("shareId").asString()).matches(PublicIds.LINK_ID).hasSize(PublicIds.LENGTH);
            copy.put("shareId", documented.get("shareId").asString());
        }
        if (copy.has("shareUrl") && documented.has("shareUrl")) {
            assertThat(copy.get("shareUrl").asString()).matches(".*/s/[A-Za-z0-9_-]{43}");
            copy.put("shareUrl", documented.get("shareUrl").asString());
        }
        if (copy.has("response") && documented.has("response")) {
            copy.set("response", withDocumentedPublicId(copy.get("response"), documented.get("response")));
        }
        return copy;
    }

    private static KafkaProducer<String, byte[]> producer() {
        // As a bot must for a full batch of 10,000 accounts: Kafka's default request is 1 MiB.
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "max.request.size", 4 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    /** The example as a bot sends it: its key, its headers in their order, its value as compact JSON. */
    private static void send(KafkaProducer<String, byte[]> producer, String topic, Example example) throws Exception {
        var record = new ProducerRecord<>(topic, example.key(), JSON.writeValueAsBytes(example.value()));
        example.headers().forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    private static List<String> names(ConsumerRecord<String, byte[]> record) {
        List<String> names = new ArrayList<>();
        for (Header header : record.headers()) {
            names.add(header.key());
        }
        return names;
    }

    private static String correlationId(ConsumerRecord<String, byte[]> record) {
        String requestId = BrokerHeaders.text(record.headers(), BrokerHeaders.REQUEST_ID);
        return requestId != null ? requestId : BrokerHeaders.text(record.headers(), BrokerHeaders.MESSAGE_ID);
    }
}
