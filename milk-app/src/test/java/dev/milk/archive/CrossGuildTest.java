package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.client.MilkRefusedException;
import dev.milk.testing.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An archive belongs to the guild its first creation names: nothing a bot sends for another guild
 * is answered with its public id, nor links to it.
 */
class CrossGuildTest extends MilkEndToEndTest {

    private static final String OTHER_GUILD = "81384788765712999";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCreationRepeatingAnotherGuildsArchiveIdIsRefusedWithoutItsPublicId() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();

        assertThatThrownBy(() -> archives.create(new ArchiveEvent.Created(archiveId, OTHER_GUILD, Archives.CHANNEL,
                "general", "mine now", "42", Archives.T0, null)).get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MilkRefusedException.class)
                .satisfies(e -> {
                    assertThat(((MilkRefusedException) e).status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("belongs to guild " + Archives.GUILD).doesNotContain(publicId);
                });
        var dead = TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).contains("belongs to guild " + Archives.GUILD + ", not " + OTHER_GUILD);
        assertThat(archives.create(Archives.created(archiveId, null)).get()).as("its own guild still gets it")
                .isEqualTo(publicId);
    }

    @Test
    void aThreadKeptInAnotherGuildsArchiveIsNeverLinked() throws Exception {
        String theirs = Archives.newId();
        archives.create(new ArchiveEvent.Created(theirs, OTHER_GUILD, Archives.CHANNEL, "general", null, "42",
                Archives.T0, null)).get();
        String ours = Archives.newId();
        String publicId = archives.create(Archives.created(ours, null)).get();

        // Known at once: refused, with the field named.
        archives.addMessages(ours, List.of(threadStarter(0, theirs))).get();
        var dead = TopicReader.await("message-archives.DLT", r -> ours.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).contains("thread").contains(theirs).contains("belongs to guild " + OTHER_GUILD);

        // Not known yet when the link is stored: the thread's archive is created by the other guild afterwards.
        String later = Archives.newId();
        archives.addMessages(ours, List.of(threadStarter(1, later))).get();
        eventually(() -> Archives.count(jdbc, ours) == 1, "the message stored");
        String threadPublicId = archives.create(new ArchiveEvent.Created(later, OTHER_GUILD, Archives.CHANNEL, "general",
                null, "42", Archives.T0, null)).get();

        JsonNode thread = JSON.readTree(get("/archive/" + publicId + ".json").body()).get("messages").get("data").get(0)
                .get("thread");
        assertThat(thread.get("name").asString()).isEqualTo("appeals");
        assertThat(thread.get("publicId").isNull()).as("no link to another guild's archive").isTrue();
        assertThat(get("/archive/" + publicId).body()).contains("appeals").doesNotContain(threadPublicId);
        assertThat(get("/archive/" + publicId + ".txt").body()).contains("appeals").doesNotContain(threadPublicId);
    }

    private static ArchiveMessage threadStarter(int n, String threadArchive) {
        ArchiveMessage m = Archives.message(n);
        return new ArchiveMessage(m.id(), m.authorId(), m.authorName(), m.authorAvatarHash(), m.authorIsBot(),
                m.content(), m.createdAtMillis(), m.editedAtMillis(), m.replyToId(), m.attachments(), m.embeds(),
                m.stickers(), null, null, null, null, new ArchiveMessage.ThreadLink("1319000000000000" + n, "appeals", 3,
                        threadArchive), null, null);
    }
}
