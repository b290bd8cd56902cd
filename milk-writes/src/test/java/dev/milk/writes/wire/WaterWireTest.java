package dev.milk.writes.wire;

import static dev.milk.writes.wire.BeemoBot.header;
import static dev.milk.writes.wire.BeemoBot.headers;
import static dev.milk.writes.wire.BeemoBot.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.milk.writes.WritesTestApplication;

/**
 * Generation 1 of Beemo's broker wire, the one the original Milk and its bots spoke: requests sent
 * with exactly water's headers, replies read exactly as water's client reads them. Milk keeps the
 * original's cluster id, -5.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.instance-id=milk-water-1", "milk.writes.raid.topic=" + WaterWireTest.RAIDS, "milk.writes.archive.topic=" + WaterWireTest.ARCHIVES})
class WaterWireTest extends WireTest {

    static final String RAIDS = "raid-management-water";
    static final String ARCHIVES = "message-archives-water";
    private static WaterBot tea;
    private static WaterBot archivist;

    @BeforeAll
    static void bots() {
        tea = new WaterBot(RAIDS, "tea", "3");
        archivist = new WaterBot(ARCHIVES, "tea", "3");
    }

    @AfterAll
    static void close() {
        tea.close();
        archivist.close();
    }

    @Test
    void everyActionIsAnsweredOnItsResponseKeyToTheCallersClusterOnly() {
        String raid = "raid-" + UUID.randomUUID();
        String created = tea.request("create-raid", envelope(raid, ""));
        ConsumerRecord<String, byte[]> reply = tea.awaitReply("create-raid", created);
        String publicId = storedPublicId(raid);

        Map<String, String> headers = headers(reply);
        assertThat(headers.keySet()).as("water's four, then the three latte reads of every record").containsExactly(
                "client-id", "target-clusters", "request-id", "source-cluster",
                "source-service", "source-instance", "message-id");
        assertThat(headers).containsEntry("client-id", "milk").containsEntry("target-clusters", "3")
                .containsEntry("request-id", created).containsEntry("source-cluster", "-5")
                .containsEntry("source-service", "milk").containsEntry("source-instance", "milk-water-1");
        assertThat(UUID.fromString(headers.get("message-id")).toString()).isNotEqualTo(created);
        assertThat(text(reply.value()))
                .isEqualTo("{\"request\":null,\"response\":{\"publicId\":\"" + publicId + "\",\"acknowledged\":true}}");

        // Addressed to cluster 3 alone: a water client of another cluster never reads it.
        try (var otherCluster = new WaterBot(RAIDS, "tea", "4")) {
            assertThat(otherCluster.readsAsReply(reply, "create-raid", created)).isFalse();
        }

        String inserted = tea.request("batch-insert-raid-users", envelope(raid, ",\"users\":[" + user(1) + "," + user(2) + "]"));
        String concluded = tea.request("conclude-raid", envelope(raid, ",\"concludedAtMillis\":1763899600000"));
        for (var request : Map.of("batch-insert-raid-users", inserted, "conclude-raid", concluded).entrySet()) {
            ConsumerRecord<String, byte[]> answer = tea.awaitReply(request.getKey(), request.getValue());
            assertThat(header(answer, "request-id")).isEqualTo(request.getValue());
            assertThat(text(answer.value()))
                    .isEqualTo("{\"request\":null,\"response\":{\"publicId\":\"" + publicId + "\",\"acknowledged\":true}}");
        }
        assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raid))
                .isEqualTo(2);
    }

    /**
     * Latte throws on a record without its source headers, and its stream thread then fails on
     * that record forever. A latte client that joins the topic at Milk's first-generation reply
     * (the water bot's own request before it is such a record too, which Milk cannot change)
     * reads past it to its own answer.
     */
    @Test
    void aLatteClientOnTheTopicReadsPastMilksFirstGenerationReplies() {
        String waterRaid = "raid-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> waterReply = tea.awaitReply("create-raid",
                tea.request("create-raid", envelope(waterRaid, "")));
        try (var vanilla = new LatteBot(RAIDS, "vanilla", "vanilla-1")) {
            String latteRaid = "raid-" + UUID.randomUUID();
            String asked = vanilla.request("create-raid", envelope(latteRaid, ""), "milk");
            ConsumerRecord<String, byte[]> latteReply = vanilla.streamToReply(
                    new TopicPartition(RAIDS, waterReply.partition()), waterReply.offset(), "create-raid", asked);
            assertThat(text(latteReply.value())).contains("\"publicId\":\"" + storedPublicId(latteRaid) + "\"");
        }
        assertThat(text(waterReply.value())).contains("\"publicId\":\"" + storedPublicId(waterRaid) + "\"");
    }

    @Test
    void aBareRequestIsAnsweredBare() {
        String raid = "raid-" + UUID.randomUUID();
        String created = tea.request("create-raid", "{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\"}");
        assertThat(text(tea.awaitReply("create-raid", created).value()))
                .isEqualTo("{\"publicId\":\"" + storedPublicId(raid) + "\",\"acknowledged\":true}");
    }

    @Test
    void aRefusalIsAnsweredWithItsReason() {
        String unknown = tea.request("conclude-raid", envelope("raid-" + UUID.randomUUID(), ""));
        assertThat(text(tea.awaitReply("conclude-raid", unknown).value())).startsWith(
                "{\"request\":null,\"response\":{\"acknowledged\":false,\"error\":\"unknown raid 'raid-");
        String invalid = tea.request("create-raid", "{\"request\":{\"raidId\":\"r\",\"guildId\":42}}");
        assertThat(text(tea.awaitReply("create-raid", invalid).value())).startsWith(
                "{\"request\":null,\"response\":{\"acknowledged\":false,\"error\":\"request.guildId: ");
    }

    @Test
    void recordsAimedElsewhereOwnRecordsAndRepliesAreSkipped() {
        String elsewhere = "raid-" + UUID.randomUUID();
        String own = "raid-" + UUID.randomUUID();
        String reply = "raid-" + UUID.randomUUID();
        String amongOthers = "raid-" + UUID.randomUUID();
        double elsewhereBefore = skipped(RAIDS, "aimed-elsewhere");
        double ownBefore = skipped(RAIDS, "own");
        double repliesBefore = skipped(RAIDS, "reply");

        Set<String> skippedRequests = new HashSet<>();
        skippedRequests.add(tea.request("create-raid", envelope(elsewhere, ""), "1,2"));
        try (var milkItself = new WaterBot(RAIDS, "milk", "-5")) {
            skippedRequests.add(milkItself.request("create-raid", envelope(own, "")));
        }
        skippedRequests.add(tea.request("create-raid-response", envelope(reply, "")));
        String toMilkAndOthers = tea.request("create-raid", envelope(amongOthers, ""), "1,-5");

        // Records of one partition are handled in order: once this is answered, the others were seen.
        tea.awaitReply("create-raid", toMilkAndOthers);
        assertThat(storedPublicId(amongOthers)).isNotNull();
        for (String raid : new String[] {elsewhere, own, reply}) {
            assertThat(storedPublicId(raid)).as(raid).isNull();
        }
        assertThat(tea.all(r -> r.key().endsWith("-response") && "-5".equals(header(r, "source-cluster"))
                && skippedRequests.contains(header(r, "request-id")))).as("Milk's answers to them").isEmpty();
        assertThat(BeemoBot.read(RAIDS + ".DLT", r -> skippedRequests.contains(header(r, "request-id")), Duration.ZERO,
                Integer.MAX_VALUE)).isEmpty();
        assertThat(skipped(RAIDS, "aimed-elsewhere") - elsewhereBefore).isEqualTo(1.0);
        assertThat(skipped(RAIDS, "own") - ownBefore).isEqualTo(1.0);
        // Milk's own replies on the topic are skipped the same way, so this counter also grows with them.
        assertThat(skipped(RAIDS, "reply") - repliesBefore).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void anArchiveIsAcceptedOnTheArchiveIdsResponseKey() {
        String archive = "purge-" + UUID.randomUUID();
        String created = archivist.request(archive, """
                {"type":"archive.created","archiveId":"%s","guildId":"%s","channelId":"1","channelName":"general",
                 "reason":"spam","createdBy":"2","createdAtMillis":1763899600000}""".formatted(archive, GUILD));
        ConsumerRecord<String, byte[]> reply = archivist.awaitReply(archive, created);
        String publicId = storedArchivePublicId(archive);
        assertThat(reply.key()).isEqualTo(archive + "-response");
        assertThat(text(reply.value()))
                .isEqualTo("{\"type\":\"archive.accepted\",\"archiveId\":\"" + archive + "\",\"publicId\":\"" + publicId + "\"}");
    }

    private static String envelope(String raid, String more) {
        return "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD + "\"" + more + "},\"response\":null}";
    }

    private static String user(int i) {
        return "{\"id\":\"" + (1_000_000_000_000_000L + i) + "\",\"name\":\"bot" + i + "\",\"avatarHash\":null,"
                + "\"createdAtMillis\":1700000000000,\"joinedAtMillis\":1763899000000}";
    }
}
