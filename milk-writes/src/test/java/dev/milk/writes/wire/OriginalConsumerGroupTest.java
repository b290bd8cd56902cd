package dev.milk.writes.wire;

import static dev.milk.writes.wire.BeemoBot.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.milk.testing.TestKafka;
import dev.milk.writes.WritesTestApplication;

/**
 * Taking over from the original Milk: writers in the original's consumer group ({@code milk} in
 * production, {@code MILK_WRITES_RAID_GROUP_ID=milk}) continue from the offsets it committed, so
 * requests it already answered are not replayed and requests sent while no writer ran are answered.
 */
@SpringBootTest(classes = WritesTestApplication.class, properties = {"milk.role=writes",
    "milk.writes.raid.topic=" + OriginalConsumerGroupTest.RAIDS,
    "milk.writes.raid.group-id=" + OriginalConsumerGroupTest.ORIGINALS_GROUP,
    "milk.writes.archive.topic=message-archives-takeover"})
class OriginalConsumerGroupTest extends WireTest {

    static final String RAIDS = "raid-management-takeover";
    /** The broker is shared by every test of this JVM, so the original's group gets a name of its own. */
    static final String ORIGINALS_GROUP = "milk-original";
    private static final List<String> answeredByTheOriginal = new ArrayList<>();
    private static final List<String> sentDuringTheSwitch = new ArrayList<>();
    private static final List<String> raids = new ArrayList<>();
    private static WaterBot tea;

    /** Before Milk starts: the original answered three requests and committed; two more came in after it stopped. */
    @BeforeAll
    static void theOriginalRanUntilHere() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(RAIDS, 1, (short) 1))).all().get();
            tea = new WaterBot(RAIDS, "tea", "3");
            for (int i = 0; i < 5; i++) {
                raids.add("raid-" + UUID.randomUUID());
                String requestId = tea.request("create-raid", "{\"request\":{\"raidId\":\"" + raids.get(i)
                        + "\",\"guildId\":\"" + GUILD + "\"},\"response\":null}");
                if (i < 3) {
                    answeredByTheOriginal.add(requestId);
                } else {
                    sentDuringTheSwitch.add(requestId);
                }
                if (i == 2) {
                    var partition = new TopicPartition(RAIDS, 0);
                    long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
                            .offset();
                    admin.alterConsumerGroupOffsets(ORIGINALS_GROUP, Map.of(partition, new OffsetAndMetadata(end)))
                            .all().get();
                }
            }
        }
    }

    @AfterAll
    static void close() {
        tea.close();
    }

    @Test
    void milkContinuesWhereTheOriginalStopped() {
        for (int i = 0; i < 2; i++) {
            tea.awaitReply("create-raid", sentDuringTheSwitch.get(i));
            assertThat(storedPublicId(raids.get(3 + i))).isNotNull();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(storedPublicId(raids.get(i))).as("answered by the original, not replayed").isNull();
        }
        assertThat(tea.all(r -> r.key().endsWith("-response") && answeredByTheOriginal.contains(header(r, "request-id"))))
                .isEmpty();
    }
}
