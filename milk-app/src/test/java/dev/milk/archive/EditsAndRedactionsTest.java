package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.testing.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An archive is evidence: edits keep what was said before, and removals leave nothing but the audit trail. */
class EditsAndRedactionsTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MINUTE = 60_000;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEditKeepsTheEarlierVersionsOnThePageAndInJson() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 6)).get();
        eventually(() -> count(archiveId) == 6, "six messages stored");
        String before = get("/archive/" + publicId + ".json").headers().firstValue("ETag").orElseThrow();

        archives.addMessages(archiveId, List.of(Archives.edited(2, "message 2, **corrected**", 10))).get();
        // Sent and edited twice within one record: the latest is the message, the others its versions.
        archives.addMessages(archiveId, List.of(Archives.edited(3, "three, first edit", 5), Archives.edited(3, "three, final", 9),
                Archives.message(3))).get();
        eventually(() -> "three, final".equals(content(archiveId, 3)), "the edits stored");
        archives.addMessages(archiveId, List.of(Archives.edited(2, "message 2, **corrected**", 10))).get();   // redelivered
        // History is the set of versions, in the order they were written, whatever order they arrive in.
        archives.addMessages(archiveId, List.of(Archives.edited(2, "an edit older than the stored one", 4))).get();
        archives.addMessages(archiveId, List.of(Archives.edited(6, "six, edited", 8))).get();
        archives.addMessages(archiveId, List.of(Archives.message(6))).get();   // its original, after its edit
        eventually(() -> versionCount(archiveId) == 5, "the late versions stored");

        assertThat(content(archiveId, 2)).isEqualTo("message 2, **corrected**");
        assertThat(content(archiveId, 6)).isEqualTo("six, edited");
        assertThat(count(archiveId)).as("an edit is no new message").isEqualTo(7);
        HttpResponse<String> json = get("/archive/" + publicId + ".json");
        assertThat(json.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(before));
        assertThat(get("/archive/" + publicId + ".json", "If-None-Match", before).statusCode())
                .as("a cache holding the page from before the edit gets the new one").isEqualTo(200);
        JsonNode messages = JSON.readTree(json.body()).get("messages").get("data");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("message 2, **corrected**");
        assertThat(messages.get(2).get("editedAt").asString()).isEqualTo(at(10).toString());
        assertThat(versions(messages.get(2))).containsExactly(at(0, 2) + " message 2",
                at(4) + " an edit older than the stored one");
        assertThat(versions(messages.get(3))).containsExactly(at(0, 3) + " message 3", at(5) + " three, first edit");
        assertThat(versions(messages.get(6))).containsExactly(at(0, 6) + " message 6");
        assertThat(messages.get(6).get("editedAt").asString()).isEqualTo(at(8).toString());
        assertThat(messages.get(1).get("versions")).isEmpty();

        String page = get("/archive/" + publicId).body();
        String second = page.substring(page.indexOf("id=\"m" + Archives.message(2).id()), page.indexOf("id=\"m" + Archives.message(3).id()));
        assertThat(second).contains("message 2, <strong>corrected</strong>").contains("<details class=\"edited\">")
                .contains("<summary title=\"Edited 2025-11-23 12:10 UTC: show the earlier versions\">(edited)</summary>")
                .contains("Original · 2025-11-23 12:00 UTC</time><div class=\"content\">message 2</div>");
        assertThat(page).contains("Edited · 2025-11-23 12:05 UTC</time><div class=\"content\">three, first edit</div>");
    }

    @Test
    void aRemovalDeletesTheMessagesEverywhereAndKeepsTheAuditTrail() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 10));
        messages.set(4, Archives.message(4, "my address is 1 Secret Lane", null, List.of(new ArchiveMessage.Attachment(
                "77", "passport.png", "image/png", 999L, "https://cdn.discordapp.com/attachments/1/77/passport.png")),
                List.of()));
        messages.set(5, Archives.message(5, "do not post that", messages.get(4).id(), List.of(), List.of()));
        var moderator = new ArchiveMessage.Mentions(List.of(new ArchiveMessage.MentionedUser("4242", "Mod <Alice>", null)),
                null, null);
        archives.addMessages(archiveId, messages, moderator).get();
        archives.addMessages(archiveId, List.of(Archives.edited(7, "edited secret", 3))).get();
        String notYetStored = Long.toString(Archives.FIRST_MESSAGE + 10);
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> sealed(archiveId), "the archive is sealed");
        HttpResponse<String> first = get("/archive/" + publicId);
        assertThat(first.body()).contains("1 Secret Lane").contains("passport.png");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        get("/archive/" + publicId);   // the page cache keeps the sealed page now

        List<String> removed = List.of(messages.get(4).id(), messages.get(7).id(), notYetStored);
        archives.redact(archiveId, removed, "doxxing <b>", "4242").get();
        archives.redact(archiveId, removed, "doxxing <b>", "4242").get();   // redelivered: one removal
        eventually(() -> !get("/archive/" + publicId).body().contains("1 Secret Lane"), "the page shows the removal");

        assertThat(jdbc.queryForList("""
                SELECT m.content || m.attachments::text || m.embeds::text FROM archive_message m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND m.redaction_id IS NOT NULL""", String.class, archiveId))
                .as("gone from the database, not hidden").containsOnly("[][]").hasSize(3);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_message_version v JOIN archive a ON a.id = v.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId)).as("the edited secret's earlier version").isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_redaction r JOIN archive a ON a.id = r.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId)).isEqualTo(1);

        HttpResponse<String> page = get("/archive/" + publicId);
        assertThat(page.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(get("/archive/" + publicId, "If-None-Match", etag).statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Secret Lane").doesNotContain("passport.png").doesNotContain("edited secret")
                .doesNotContain("<b>")
                .contains("<section class=\"removals\"><h2>Removed by moderators</h2><ul><li>")
                .contains("Mod &lt;Alice&gt; (4242) removed 3 messages: <q>doxxing &lt;b&gt;</q> <details class=\"removal-ids\">"
                        + "<summary>message ids</summary>" + String.join(", ", removed) + "</details>")
                .contains("<span class=\"removed-text\">Removed by moderators: doxxing &lt;b&gt;</span>")
                .contains("<span class=\"reply-text\">Removed by moderators: doxxing &lt;b&gt;</span>");
        assertThat(page.body().split("class=\"message removed\"", -1)).as("the two stored and the one not yet").hasSize(4);

        JsonNode json = JSON.readTree(get("/archive/" + publicId + ".json").body());
        JsonNode audit = json.get("archive").get("redactions");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("by").asString()).isEqualTo("4242");
        assertThat(audit.get(0).get("byName").asString()).isEqualTo("Mod <Alice>");
        assertThat(audit.get(0).get("reason").asString()).isEqualTo("doxxing <b>");
        assertThat(audit.get(0).get("messageIds").valueStream().map(JsonNode::asString).toList())
                .containsExactlyElementsOf(removed);
        JsonNode fourth = json.get("messages").get("data").get(4);
        assertThat(fourth.get("content").asString()).isEmpty();
        assertThat(fourth.get("attachments")).isEmpty();
        assertThat(fourth.get("removed").get("reason").asString()).isEqualTo("doxxing <b>");
        assertThat(json.get("messages").get("data").get(7).get("versions")).isEmpty();
        assertThat(json.get("messages").get("data").get(3).get("removed").isNull()).isTrue();

        String transcript = get("/archive/" + publicId + ".txt").body();
        assertThat(transcript).doesNotContain("Secret Lane").doesNotContain("passport")
                .containsPattern("\nRemoved by moderators: [0-9: -]+ UTC by Mod <Alice> \\(4242\\), 3 messages: doxxing <b>\n")
                .contains("] moderator\n{Removed by moderators: doxxing <b>}\n\n")
                .contains("] (unknown author)\n{Removed by moderators: doxxing <b>}\n\n");
    }

    @Test
    void aMessageRemovedBeforeItArrivesIsNeverStoredAndASealedArchiveTakesNoEdit() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 3)).get();
        archives.redact(archiveId, List.of(Archives.message(3).id()), null, "4242").get();
        archives.addMessages(archiveId, Archives.messages(3, 5)).get();
        eventually(() -> count(archiveId) == 5, "five messages in place");
        assertThat(content(archiveId, 3)).as("removed before it came").isEmpty();
        assertThat(content(archiveId, 4)).isEqualTo("message 4");
        assertThat(jdbc.queryForObject("""
                SELECT m.author_name FROM archive_message m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND m.message_id = ?""", String.class, archiveId, Archives.FIRST_MESSAGE + 3))
                .as("its place keeps the author it came with, as for a message removed after it came")
                .isEqualTo(Archives.message(3).authorName());

        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        archives.addMessages(archiveId, List.of(Archives.edited(1, "too late", 30))).get();
        var dead = TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).endsWith("1 of 1 messages are new or edited, and a sealed archive takes none");
        assertThat(content(archiveId, 1)).isEqualTo("message 1");
    }

    @Test
    void aBadRemovalNamesItsField() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        archives.redact(archiveId, List.of("12", "not-an-id"), "spam", "4242").get();
        archives.redact(archiveId, List.of(), "spam", "4242").get();
        var dead = TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).containsExactly("messageIds[1]: must be a decimal string of 1-20 digits",
                "messageIds: is required: the ids of the messages to remove");
    }

    private static Instant at(int minutes) {
        return Instant.ofEpochMilli(Archives.T0 + minutes * MINUTE);
    }

    /** When message {@code n} was sent: its version before any edit. */
    private static Instant at(int minutes, int n) {
        return Instant.ofEpochMilli(Archives.message(n).createdAtMillis() + minutes * MINUTE);
    }

    private static List<String> versions(JsonNode message) {
        return message.get("versions").valueStream()
                .map(v -> v.get("at").asString() + " " + v.get("content").asString()).toList();
    }

    private String content(String archiveId, int n) {
        List<String> found = jdbc.queryForList("""
                SELECT m.content FROM archive_message m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND m.message_id = ?""", String.class, archiveId, Archives.FIRST_MESSAGE + n);
        return found.isEmpty() ? null : found.getFirst();
    }

    private int versionCount(String archiveId) {
        Integer n = jdbc.queryForObject("""
                SELECT count(*) FROM archive_message_version v JOIN archive a ON a.id = v.archive_id
                WHERE a.internal_id = ?""", Integer.class, archiveId);
        return n == null ? 0 : n;
    }

    private boolean sealed(String archiveId) {
        return Archives.sealed(jdbc, archiveId);
    }

    private int count(String archiveId) {
        return Archives.count(jdbc, archiveId);
    }
}
