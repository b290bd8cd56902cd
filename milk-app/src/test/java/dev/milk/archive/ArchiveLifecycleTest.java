package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ArchiveLifecycleTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void messagesInBatchesWithDuplicatesAndOutOfOrderThenSealed() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> all = Archives.messages(0, 650);
        List<ArchiveMessage> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(3));
        archives.addMessages(archiveId, shuffled.subList(0, 400)).get();
        archives.addMessages(archiveId, shuffled.subList(300, 650)).get();   // 100 duplicates
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> sealed(archiveId), "the archive is sealed");

        assertThat(jdbc.queryForObject("SELECT message_count FROM archive WHERE internal_id = ?", Integer.class, archiveId))
                .isEqualTo(650);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(get("/archive/" + publicId + ".json" + (cursor == null ? "" : "?cursor=" + cursor))
                    .body());
            page.get("messages").get("data").forEach(m -> ids.add(m.get("id").asString()));
            cursor = page.get("messages").get("next").isNull() ? null : page.get("messages").get("next").asString();
        } while (cursor != null);
        assertThat(ids).containsExactlyElementsOf(all.stream().map(ArchiveMessage::id).toList());

        HttpResponse<String> first = get("/archive/" + publicId);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(first.body()).contains("<title>#general · Milk archive</title>")
                .contains("650 messages").contains("id=\"m" + all.getFirst().id() + "\"")
                .contains("href=\"/archive/" + publicId + "?after=" + all.get(499).id() + "\"")
                .doesNotContain("id=\"m" + all.get(500).id() + "\"");
        assertThat(first.body().split("<article", -1)).hasSize(501);
        String second = get("/archive/" + publicId + "?after=" + all.get(499).id()).body();
        assertThat(second.split("<article", -1)).hasSize(151);

        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("max-age=5, public");
        assertThat(get("/archive/" + publicId, "If-None-Match", etag).statusCode()).isEqualTo(304);

        String transcript = get("/archive/" + publicId + ".txt").body();
        assertThat(transcript).startsWith("=".repeat(62) + "\nGuild: " + Archives.GUILD + "\nChannel: #general (")
                .contains("[2025-11-23 12:00 UTC] moderator\n  message 0\n\n[2025-11-23 12:00 UTC] moderator\n  message 1\n")
                .contains("[2025-11-23 12:00 UTC] spam bot [BOT]\n  message 3\n")
                .endsWith("Exported 650 message(s)\n" + "=".repeat(62) + "\n");
        assertThat(transcript.indexOf("message 649\n")).isGreaterThan(transcript.indexOf("message 648\n"));
    }

    @Test
    void messagesThatArriveBeforeTheArchiveAreKept() throws Exception {
        String archiveId = Archives.newId();
        archives.addMessages(archiveId, Archives.messages(0, 5)).get();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        eventually(() -> count(archiveId) == 5, "five messages stored");
        String page = get("/archive/" + publicId).body();
        assertThat(page).contains("#general").contains("message 4");
    }

    @Test
    void aTakedownMakesEveryRouteGoneAndKeepsLaterMessagesOut() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 10)).get();
        eventually(() -> count(archiveId) == 10, "ten messages stored");
        assertThat(get("/archive/" + publicId).statusCode()).isEqualTo(200);
        assertThat(names(archiveId)).as("both authors").isEqualTo(2);

        archives.delete(archiveId, "DMCA").get();
        long deletedAt = System.nanoTime();
        eventually(() -> get("/archive/" + publicId).statusCode() == 410, "the page is gone");
        assertThat((System.nanoTime() - deletedAt) / 1e9).as("seconds until 410").isLessThan(5);
        for (String route : List.of("", ".txt", ".json", ".dce.json", "?after=1")) {
            HttpResponse<String> answer = get("/archive/" + publicId + route);
            assertThat(answer.statusCode()).as(route).isEqualTo(410);
            assertThat(answer.body()).isEqualTo("410 Gone: this archive was taken down\n");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId)).isZero();
        assertThat(names(archiveId)).as("the names it kept (authors, mentions) are gone too").isZero();

        archives.addMessages(archiveId, Archives.messages(10, 20)).get();
        archives.seal(archiveId, Instant.now()).get();   // same key, same partition: stored after the messages
        eventually(() -> sealed(archiveId), "the late seal is stored");
        assertThat(count(archiveId)).as("messages sent after the takedown").isZero();
    }

    @Test
    void anExpiredArchiveIsGoneAndItsMessagesArePurged() throws Exception {
        String archiveId = Archives.newId();
        long expires = System.currentTimeMillis() + 3_000;
        String publicId = archives.create(Archives.created(archiveId, expires)).get();
        archives.addMessages(archiveId, Archives.messages(0, 10)).get();
        eventually(() -> count(archiveId) == 10, "ten messages stored");
        assertThat(get("/archive/" + publicId).statusCode()).isEqualTo(200);

        eventually(() -> get("/archive/" + publicId + ".json").statusCode() == 410, "the archive expired");
        assertThat(get("/archive/" + publicId).body()).isEqualTo("410 Gone: this archive has expired\n");
        eventually(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT purged_at IS NOT NULL FROM archive WHERE internal_id = ?", Boolean.class, archiveId)),
                "the purge job ran");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId)).isZero();
        assertThat(names(archiveId)).isZero();
    }

    /** The users, roles and channels an archive keeps names of: its authors at least, while it lives. */
    private int names(String archiveId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM archive_mention n JOIN archive a ON a.id = n.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId);
    }

    @Test
    void aBadMessageGoesToTheDeadLetterTopicAndItsNeighboursAreStored() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        var bad = Archives.message(1, "bad", null, List.of(new ArchiveMessage.Attachment("9", "x.exe",
                "application/octet-stream", 10L, "http://insecure.example/x.exe")), List.of());
        archives.addMessages(archiveId, List.of(Archives.message(0), bad, Archives.message(2))).get();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("message-archives", archiveId,
                    ("{\"type\":\"archive.renamed\",\"archiveId\":\"" + archiveId + "\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
        eventually(() -> count(archiveId) == 2, "the two valid messages stored");

        var dead = TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 2, java.time.Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).containsExactlyInAnyOrder(
                "1 of 3 messages refused, the others stored: messages[1].attachments[0].url: must be an https URL",
                "type: unknown event type 'archive.renamed'");
    }

    /** Sealed is final: new messages are refused and kept in the DLT; messages already stored may come again. */
    @Test
    void aSealedArchiveTakesNoNewMessage() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 10)).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> sealed(archiveId), "the archive is sealed");
        String etag = get("/archive/" + publicId + ".json").headers().firstValue("ETag").orElseThrow();

        archives.addMessages(archiveId, Archives.messages(5, 10)).get();      // a redelivery: nothing new
        archives.addMessages(archiveId, Archives.messages(8, 13)).get();      // three new ones
        var dead = TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 1,
                java.time.Duration.ofSeconds(30));
        // One partition, in order: the redelivery was handled before the refusal arrived, and not dead-lettered.
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).isEqualTo("archive '" + archiveId + "' was sealed at "
                        + Instant.ofEpochMilli(Archives.T0 + 3_600_000) + "; 3 of 5 messages are new or edited, and a sealed "
                        + "archive takes none");
        assertThat(count(archiveId)).isEqualTo(10);
        assertThat(get("/archive/" + publicId + ".json", "If-None-Match", etag).statusCode())
                .as("the sealed page did not change").isEqualTo(304);
    }

    @Test
    void unknownIdsAndBadCursorsAreClearlyAnswered() {
        assertThat(get("/archive/AAAAAAAAAAAA").statusCode()).isEqualTo(404);
        assertThat(get("/archive/AAAAAAAAAAAA.txt").body()).isEqualTo("404 Not Found: no archive has this id\n");
        HttpResponse<String> bad = get("/archive/AAAAAAAAAAAA.json?cursor=abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("400 Bad Request: cursor must be a message id (decimal digits)\n");
    }

    private boolean sealed(String archiveId) {
        return Archives.sealed(jdbc, archiveId);
    }

    private int count(String archiveId) {
        return Archives.count(jdbc, archiveId);
    }
}
