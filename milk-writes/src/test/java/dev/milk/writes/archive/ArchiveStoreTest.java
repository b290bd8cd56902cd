package dev.milk.writes.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.access.Visibility;
import dev.milk.media.PostgresMediaStore;
import dev.milk.settings.SettingException;
import dev.milk.writes.media.StoredCopies;
import dev.milk.writes.store.StoreSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The archive store alone against the real PostgreSQL ({@link StoreSlice}). */
@StoreSlice
class ArchiveStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long CREATED = 1763899000000L;
    private static final String GUILD = "81384788765712384";
    private static final String AUTHOR = "81384788765712385";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    private ArchiveStore store;
    private String archiveId;

    @BeforeEach
    void store() {
        store = new ArchiveStore(jdbc, new SimpleMeterRegistry().counter("stored"),
                new StoredCopies(jdbc, new PostgresMediaStore(jdbc, transactions)), true, "");
        archiveId = "archive-" + UUID.randomUUID();
    }

    @Test
    void aCreatedArchiveTakesItsMessagesCopiedIn() {
        apply(created(), messages(message(1, "hello", null, "")), messages(message(2, "a file", null, attachment())));

        Map<String, Object> archive = jdbc.queryForMap("""
                SELECT guild_id, channel_name, reason, message_count, revision FROM archive WHERE internal_id = ?""",
                archiveId);
        assertThat(archive).containsEntry("guild_id", Long.parseLong(GUILD)).containsEntry("channel_name", "general")
                .containsEntry("reason", "spam").containsEntry("message_count", 2).containsEntry("revision", 0);
        assertThat(jdbc.queryForList("""
                SELECT message_id, author_name, content, jsonb_array_length(attachments) AS files
                FROM archive_message WHERE archive_id = ? ORDER BY message_id""", key()))
                .containsExactly(Map.of("message_id", id(1), "author_name", "mod", "content", "hello", "files", 0),
                        Map.of("message_id", id(2), "author_name", "mod", "content", "a file", "files", 1));
        assertThat(jdbc.queryForList("SELECT kind::text || mention_id FROM archive_mention WHERE archive_id = ?",
                String.class, key())).containsExactly("u" + AUTHOR);
        assertThat(jdbc.queryForList("SELECT kind FROM archive_media WHERE archive_id = ? ORDER BY kind", String.class,
                key())).containsExactly("attachment");
    }

    @Test
    void messagesBeforeTheirCreationGoToAPlaceholderThatKeepsItsPublicId() {
        ArchiveStore.Applied early = apply(messages(message(1, "early", null, "")));
        ArchiveStore.Applied created = apply(created());

        assertThat(created.publicIds().get(archiveId)).isEqualTo(early.publicIds().get(archiveId)).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT channel_name FROM archive WHERE id = ?", String.class, key()))
                .isEqualTo("general");
    }

    @Test
    void anEditReplacesTheMessageAndKeepsTheEarlierVersion() {
        apply(created(), messages(message(1, "first words", null, "")));
        apply(messages(message(1, "second thoughts", CREATED + 60_000, "")));

        assertThat(jdbc.queryForObject("SELECT content FROM archive_message WHERE archive_id = ?", String.class, key()))
                .isEqualTo("second thoughts");
        assertThat(jdbc.queryForList("SELECT content FROM archive_message_version WHERE archive_id = ?", String.class,
                key())).containsExactly("first words");
        assertThat(jdbc.queryForObject("SELECT revision FROM archive WHERE id = ?", Integer.class, key())).isEqualTo(1);
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        ArchiveCommand[] batch = {created(), messages(message(1, "hello", null, attachment()),
                message(1, "hello again", CREATED + 60_000, ""))};
        apply(batch);
        Map<String, Long> before = rowsByTable();
        apply(batch);

        assertThat(rowsByTable()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT message_count FROM archive WHERE id = ?", Integer.class, key())).isEqualTo(1);
    }

    @Test
    void aRemovalEmptiesTheMessageAndDeletesWhatItHadBesideItsRow() {
        apply(created(), messages(message(1, "my address", null, attachment()), message(2, "kept", null, "")));
        apply(messages(message(1, "my address, edited", CREATED + 60_000, attachment())));
        apply(redaction(1));

        assertThat(jdbc.queryForList("""
                SELECT message_id, content, redaction_id IS NOT NULL AS removed FROM archive_message
                WHERE archive_id = ? ORDER BY message_id""", key()))
                .containsExactly(Map.of("message_id", id(1), "content", "", "removed", true),
                        Map.of("message_id", id(2), "content", "kept", "removed", false));
        for (ArchiveTable table : ArchiveTable.values()) {
            if (table.removedWithMessage()) {
                assertThat(rows(table, "message_id = " + id(1))).as(table.table()).isZero();
            }
        }
        assertThat(rows(ArchiveTable.REDACTION, "true")).isOne();
    }

    @Test
    void aTakedownDeletesEverythingTheArchiveHas() {
        apply(created(), messages(message(1, "first", null, attachment()), message(2, "second", null, attachment()),
                message(3, "third", null, "")));
        apply(messages(message(1, "first, edited", CREATED + 60_000, "")));
        apply(redaction(3));
        apply(new ArchiveCommand.Seal(archiveId, NOW));
        apply(new ArchiveCommand.ChangeVisibility(archiveId, new Visibility(Visibility.Mode.STAFF, List.of()), 42, "leak"));
        assertThat(apply(new ArchiveCommand.Share(archiveId, NOW.plusSeconds(3_600), 42)).shares()).hasSize(1);
        // What the reads role writes as the archive is read.
        jdbc.update("""
                INSERT INTO archive_view (archive_id, viewed_at, viewer_id, viewer_name, route, replica)
                VALUES (?, now(), 42, 'mod', 'page', 'reads-1')""", key());
        jdbc.update("INSERT INTO archive_view_count (archive_id, views) VALUES (?, 1)", key());
        indexForSearch();
        assertThat(rowsByTable()).as("every table holds some of the archive's rows before").allSatisfy(
                (table, rows) -> assertThat(rows).as(table).isPositive());

        apply(new ArchiveCommand.Delete(archiveId, "court order"));

        assertThat(rowsByTable()).as("the archive's rows after its takedown").allSatisfy(
                (table, rows) -> assertThat(rows).as(table).isZero());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM archive_share_token", Long.class))
                .as("the share's tokens, with it").isZero();
        assertThat(jdbc.queryForMap("SELECT deleted_reason, message_count FROM archive WHERE id = ?", key()))
                .containsEntry("deleted_reason", "court order").containsEntry("message_count", 0);
    }

    @Test
    void aSealedArchivesSearchIndexKeepsARemovedMessageWithoutAWord() {
        apply(created(), messages(message(1, "my address", null, attachment()), message(2, "first words", null,
                ",\"pinned\":true")));
        apply(new ArchiveCommand.Seal(archiveId, NOW));
        indexForSearch();
        assertThat(searchRows()).containsExactly(
                Map.of("message_id", id(1), "words", "'address' 'mod' 'my' 'png' 'scan' 'scan.png'", "has", 12,
                        "is_edited", false, "is_removed", false, "is_pinned", false),
                Map.of("message_id", id(2), "words", "'first' 'mod' 'words'", "has", 0,
                        "is_edited", false, "is_removed", false, "is_pinned", true));

        apply(redaction(1));

        assertThat(searchRows()).as("the removed message's place, no word of it").containsExactly(
                Map.of("message_id", id(1), "words", "", "has", 0,
                        "is_edited", false, "is_removed", true, "is_pinned", false),
                Map.of("message_id", id(2), "words", "'first' 'mod' 'words'", "has", 0,
                        "is_edited", false, "is_removed", false, "is_pinned", true));
    }

    /** The archive's search index: each message's words and what the operators read. */
    private List<Map<String, Object>> searchRows() {
        return jdbc.queryForList("""
                SELECT message_id, strip(document)::text AS words, has, is_edited, is_removed, is_pinned FROM archive_search
                WHERE archive_id = ? ORDER BY message_id""", key());
    }

    @Test
    void aShareLinkStartsWithThePublicUrlAndAnotherIsNoSetting() {
        var withUrl = store(" https://milk.example/ ");
        withUrl.apply(List.of(created()), NOW);
        ArchiveStore.Applied shared = withUrl.apply(List.of(new ArchiveCommand.Share(archiveId, NOW.plusSeconds(60), 42)),
                NOW);

        assertThat(shared.shares().get(0).url()).matches("https://milk\\.example/s/[A-Za-z0-9_-]{43}");
        assertThat(shared.shares().get(0).toString()).as("never the link, should it be logged")
                .doesNotContain(shared.shares().get(0).url());
        for (String bad : List.of("milk.example", "ftp://milk.example", "https://milk.example/?a=b", "https:///x")) {
            assertThatThrownBy(() -> store(bad)).as(bad).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("MILK_PUBLIC_URL must be");
        }
    }

    /** A link carries its token: plain http only to a loopback address, the login's rule. */
    @Test
    void aShareLinkOverPlainHttpIsForLoopbackOnly() {
        for (String cleartext : List.of("http://milk.example", "http://10.0.0.7:8080", "http://127.0.0.1.evil.example")) {
            assertThatThrownBy(() -> store(cleartext)).as(cleartext).isInstanceOf(SettingException.class)
                    .hasMessage("MILK_PUBLIC_URL must use https: plain http is only for a loopback address");
        }
        var local = store("http://127.0.0.1:8080");
        local.apply(List.of(created()), NOW);
        assertThat(local.apply(List.of(new ArchiveCommand.Share(archiveId, NOW.plusSeconds(90), 42)), NOW).shares().get(0)
                .url()).startsWith("http://127.0.0.1:8080/s/");
    }

    private ArchiveStore store(String publicUrl) {
        return new ArchiveStore(jdbc, new SimpleMeterRegistry().counter("stored"),
                new StoredCopies(jdbc, new PostgresMediaStore(jdbc, transactions)), false, publicUrl);
    }

    @Test
    void theListOfWhatAnArchiveHasNamesEveryTableKeyedByArchive() {
        List<String> keyedByArchive = jdbc.queryForList("""
                SELECT c.table_name FROM information_schema.columns c
                JOIN information_schema.tables t USING (table_schema, table_name)
                WHERE c.table_schema = current_schema() AND c.column_name = 'archive_id'
                  AND t.table_type = 'BASE TABLE'""", String.class);

        assertThat(Arrays.stream(ArchiveTable.values()).map(ArchiveTable::table))
                .containsExactlyInAnyOrderElementsOf(keyedByArchive);
    }

    /** The search job picks the longest sealed archive first: run it until it reaches this one. */
    private void indexForSearch() {
        var indexer = new ArchiveSearchIndexer(jdbc, transactions, new SimpleMeterRegistry().counter("indexed"));
        while (jdbc.queryForObject("SELECT search_indexed_at IS NULL FROM archive WHERE id = ?", Boolean.class, key())) {
            assertThat(indexer.indexOne()).as("an archive was due").isNotNegative();
        }
    }

    private ArchiveStore.Applied apply(ArchiveCommand... commands) {
        ArchiveStore.Applied applied = store.apply(List.of(commands), NOW);
        assertThat(applied.refusals()).as("refusals").containsOnlyNulls();
        return applied;
    }

    private ArchiveCommand.Create created() {
        return (ArchiveCommand.Create) parse("""
                {"type":"archive.created","archiveId":"%s","guildId":"%s","channelId":"2","channelName":"general",
                 "reason":"spam","createdBy":"3","createdAtMillis":%d}""".formatted(archiveId, GUILD, CREATED));
    }

    private ArchiveCommand messages(String... messages) {
        return new ArchiveRecords(archiveId, NOW).messages(List.of(messages));
    }

    private ArchiveCommand redaction(int message) {
        return new ArchiveRecords(archiveId, NOW).redaction(id(message));
    }

    private static String message(int n, String content, Long editedAt, String parts) {
        return """
                {"id":"%d","authorId":"%s","authorName":"mod","authorIsBot":false,"content":"%s",
                 "createdAtMillis":%d%s%s}""".formatted(id(n), AUTHOR, content, CREATED,
                editedAt == null ? "" : ",\"editedAtMillis\":" + editedAt, parts);
    }

    private static String attachment() {
        return """
                ,"attachments":[{"id":"1300000000000000999","filename":"scan.png","contentType":"image/png","size":10,
                 "url":"https://cdn.discordapp.com/attachments/1/2/scan.png"}]""";
    }

    private ArchiveCommand parse(String json) {
        return new ArchiveRecords(archiveId, NOW).parse(json);
    }

    private static long id(int n) {
        return 1300000000000000000L + n;
    }

    private long key() {
        return jdbc.queryForObject("SELECT id FROM archive WHERE internal_id = ?", Long.class, archiveId);
    }

    /** How many rows the archive has in each table of {@link ArchiveTable}. */
    private Map<String, Long> rowsByTable() {
        return Arrays.stream(ArchiveTable.values())
                .collect(Collectors.toMap(ArchiveTable::table, table -> rows(table, "true")));
    }

    private long rows(ArchiveTable table, String where) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table.table() + " WHERE archive_id = ? AND " + where,
                Long.class, key());
    }
}
