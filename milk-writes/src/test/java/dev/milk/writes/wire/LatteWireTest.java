package dev.milk.writes.wire;

import static dev.milk.writes.wire.BeemoBot.header;
import static dev.milk.writes.wire.BeemoBot.headers;
import static dev.milk.writes.wire.BeemoBot.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.milk.testing.TestKafka;
import dev.milk.writes.WritesTestApplication;

/**
 * Generation 2 of Beemo's broker wire (latte RPC), the current JVM library: requests sent with
 * exactly latte's headers, replies read exactly as latte's RPC client reads them. This Milk runs
 * under a service name of its own, so the setting is proven too.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.service-name=milk-eu", "milk.writes.instance-id=milk-eu-1", "milk.writes.max-record-bytes=100000",
    "milk.writes.archive.partitions=2",
    "milk.writes.raid.topic=" + LatteWireTest.RAIDS, "milk.writes.archive.topic=" + LatteWireTest.ARCHIVES})
class LatteWireTest extends WireTest {

    static final String RAIDS = "raid-management-latte";
    static final String ARCHIVES = "message-archives-latte";
    private static LatteBot tea;
    private static LatteBot archivist;

    /** Created here with the broker's room (8 MiB), so a record over Milk's own limit reaches Milk. */
    @BeforeAll
    static void topicsAndBots() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(RAIDS, 1, (short) 1), new NewTopic(ARCHIVES, 2, (short) 1)))
                    .all().get();
        }
        tea = new LatteBot(RAIDS, "tea", "tea-cluster-3");
        archivist = new LatteBot(ARCHIVES, "tea", "tea-cluster-3");
    }

    @AfterAll
    static void close() {
        tea.close();
        archivist.close();
    }

    @Test
    void everyActionIsAnsweredOnItsResponseKeyToTheCallingInstanceOnly() {
        String raid = "raid-" + UUID.randomUUID();
        String created = tea.request("create-raid", envelope(raid, ""), "milk-eu");
        ConsumerRecord<String, byte[]> reply = tea.awaitReply("create-raid", created);
        String publicId = storedPublicId(raid);

        Map<String, String> headers = headers(reply);
        assertThat(headers).containsOnlyKeys("source-service", "source-instance", "target-services", "target-instances",
                "message-id", "rpc-in-reply-to", "rpc-response-status", "rpc-is-exception", "rpc-is-update");
        assertThat(headers).containsEntry("source-service", "milk-eu").containsEntry("source-instance", "milk-eu-1")
                .containsEntry("target-services", "tea").containsEntry("target-instances", "tea-cluster-3")
                .containsEntry("rpc-in-reply-to", created).containsEntry("rpc-response-status", "0")
                .containsEntry("rpc-is-exception", "false").containsEntry("rpc-is-update", "false");
        assertThat(UUID.fromString(headers.get("message-id")).toString()).isNotEqualTo(created);
        assertThat(text(reply.value()))
                .isEqualTo("{\"request\":null,\"response\":{\"publicId\":\"" + publicId + "\",\"acknowledged\":true}}");

        // Addressed to this instance alone: another instance of the same service never reads it.
        try (var otherInstance = new LatteBot(RAIDS, "tea", "tea-cluster-4")) {
            assertThat(otherInstance.readsAsReply(reply, "create-raid", created)).isFalse();
        }

        String inserted = tea.request("batch-insert-raid-users",
                "{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\",\"users\":[]}", "");
        assertThat(text(tea.awaitReply("batch-insert-raid-users", inserted).value()))
                .as("a bare request, aimed at everyone, answered bare")
                .isEqualTo("{\"publicId\":\"" + publicId + "\",\"acknowledged\":true}");
    }

    @Test
    void refusalsCarryTheirReasonAndAStatusNeverAnException() {
        String raid = "raid-" + UUID.randomUUID();
        tea.awaitReply("create-raid", tea.request("create-raid", envelope(raid, ""), ""));
        Map<String, Integer> statuses = Map.of(
                tea.request("conclude-raid", envelope("raid-" + UUID.randomUUID(), ""), ""), 404,
                tea.request("conclude-raid", "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"42\"}}", ""), 409,
                tea.request("conclude-raid", "{\"request\":{\"raidId\":\"" + raid + "\"}}", ""), 400,
                tea.request("conclude-raid", "{\"request\":{\"raidId\":\"" + "x".repeat(100_000) + "\"}}", ""), 413);
        statuses.forEach((messageId, status) -> {
            ConsumerRecord<String, byte[]> reply = tea.awaitReply("conclude-raid", messageId);
            assertThat(header(reply, "rpc-response-status")).as("status").isEqualTo(status.toString());
            assertThat(header(reply, "rpc-is-exception")).isEqualTo("false");
            assertThat(text(reply.value())).startsWith("{\"request\":null,\"response\":{").contains("\"acknowledged\":false")
                    .contains("\"error\":\"");
        });
    }

    @Test
    void recordsAimedElsewhereOwnRecordsAndRepliesAreSkipped() {
        String elsewhere = "raid-" + UUID.randomUUID();
        String defaultName = "raid-" + UUID.randomUUID();
        String own = "raid-" + UUID.randomUUID();
        String reply = "raid-" + UUID.randomUUID();
        String amongOthers = "raid-" + UUID.randomUUID();
        double elsewhereBefore = skipped(RAIDS, "aimed-elsewhere");
        double ownBefore = skipped(RAIDS, "own");

        Set<String> skippedRequests = new HashSet<>();
        skippedRequests.add(tea.request("create-raid", envelope(elsewhere, ""), "vanilla"));
        skippedRequests.add(tea.request("create-raid", envelope(defaultName, ""), "milk"));
        try (var milkItself = new LatteBot(RAIDS, "milk-eu", "milk-eu-2")) {
            skippedRequests.add(milkItself.request("create-raid", envelope(own, ""), ""));
        }
        skippedRequests.add(tea.request("create-raid.response", envelope(reply, ""), "milk-eu"));
        String toMilkAndOthers = tea.request("create-raid", envelope(amongOthers, ""), "vanilla,milk-eu");

        tea.awaitReply("create-raid", toMilkAndOthers);
        assertThat(storedPublicId(amongOthers)).isNotNull();
        for (String raid : new String[] {elsewhere, defaultName, own, reply}) {
            assertThat(storedPublicId(raid)).as(raid).isNull();
        }
        assertThat(tea.all(r -> r.key().endsWith(".response") && "milk-eu".equals(header(r, "source-service"))
                && skippedRequests.contains(header(r, "rpc-in-reply-to")))).as("Milk's answers to them").isEmpty();
        assertThat(BeemoBot.read(RAIDS + ".DLT", r -> skippedRequests.contains(header(r, "message-id")), Duration.ZERO,
                Integer.MAX_VALUE)).isEmpty();
        assertThat(skipped(RAIDS, "aimed-elsewhere") - elsewhereBefore).isEqualTo(2.0);
        assertThat(skipped(RAIDS, "own") - ownBefore).isEqualTo(1.0);
    }

    @Test
    void anArchiveIsAcceptedOrRefusedAndItsMessagesAreNotAnswered() {
        String archive = "purge-" + UUID.randomUUID();
        String created = archivist.request(archive, created(archive, "1763899600000"), "milk-eu");
        ConsumerRecord<String, byte[]> accepted = archivist.awaitReply(archive, created);
        String publicId = storedArchivePublicId(archive);
        assertThat(accepted.key()).isEqualTo(archive + ".response");
        assertThat(header(accepted, "rpc-response-status")).isEqualTo("0");
        assertThat(text(accepted.value()))
                .isEqualTo("{\"type\":\"archive.accepted\",\"archiveId\":\"" + archive + "\",\"publicId\":\"" + publicId + "\"}");

        String batch = archivist.request(archive, "{\"type\":\"archive.messages\",\"archiveId\":\"" + archive
                + "\",\"messages\":[]}", "milk-eu");
        String refusedArchive = "purge-" + UUID.randomUUID();
        String refused = archivist.request(refusedArchive, created(refusedArchive, "\"soon\""), "milk-eu");
        ConsumerRecord<String, byte[]> refusal = archivist.awaitReply(refusedArchive, refused);
        assertThat(header(refusal, "rpc-response-status")).isEqualTo("400");
        assertThat(text(refusal.value())).startsWith("{\"type\":\"archive.refused\",\"archiveId\":\"" + refusedArchive
                + "\",\"error\":\"createdAtMillis: ");
        assertThat(archivist.all(r -> batch.equals(header(r, "rpc-in-reply-to")))).isEmpty();
    }

    private static String created(String archive, String createdAt) {
        return """
                {"type":"archive.created","archiveId":"%s","guildId":"%s","channelId":"1","channelName":"general",
                 "reason":"spam","createdBy":"2","createdAtMillis":%s}""".formatted(archive, GUILD, createdAt);
    }

    private static String envelope(String raid, String more) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\"" + more + "}}";
    }
}
