package dev.milk.reads.archive;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An archive's rows as the writer stores them, column by column, for the queries and pages to read:
 * messages with ids 1000, 1001, ... sent a minute apart from {@link #START}.
 */
final class ArchiveRows {

    static final Instant START = Instant.parse("2025-11-23T12:00:00Z");
    static final long GUILD = 81384788765712384L;
    static final long CHANNEL = 381870553235193857L;
    static final long AUTHOR = 80351110224678912L;
    static final long MODERATOR = 77777777777777777L;

    private final JdbcClient jdbc;
    final long key;
    final String publicId;

    private ArchiveRows(JdbcClient jdbc, long key, String publicId) {
        this.jdbc = jdbc;
        this.key = key;
        this.publicId = publicId;
    }

    /** A new archive of {@code #channel} by {@code guild}, created and not yet sealed. */
    static ArchiveRows create(JdbcClient jdbc, long guild, String channel) {
        String publicId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long key = jdbc.sql("""
                INSERT INTO archive (internal_id, public_id, guild_id, channel_id, channel_name, reason, created_by,
                                     created_at)
                VALUES (:internalId, :publicId, :guild, :channel, :channelName, :reason, :createdBy, :createdAt)
                RETURNING id""")
                .param("internalId", "bot-" + publicId)
                .param("publicId", publicId)
                .param("guild", guild)
                .param("channel", CHANNEL)
                .param("channelName", channel)
                .param("reason", "spam wave")
                .param("createdBy", MODERATOR)
                .param("createdAt", utc(START.plusSeconds(3_600)))
                .query(Long.class).single();
        return new ArchiveRows(jdbc, key, publicId);
    }

    static ArchiveRows create(JdbcClient jdbc) {
        return create(jdbc, GUILD, "general");
    }

    /** Message {@code id}, by {@link #AUTHOR}, sent {@code id - 1000} minutes after {@link #START}. */
    ArchiveRows message(long id, String content) {
        jdbc.sql("""
                INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                             created_at, attachments, embeds, stickers)
                VALUES (:archive, :id, :author, :authorName, false, :content, :createdAt,
                        '[]'::jsonb, '[]'::jsonb, '[]'::jsonb)""")
                .param("archive", key)
                .param("id", id)
                .param("author", AUTHOR)
                .param("authorName", "Mallory")
                .param("content", content)
                .param("createdAt", utc(sent(id)))
                .update();
        jdbc.sql("UPDATE archive SET message_count = message_count + 1 WHERE id = :archive").param("archive", key).update();
        return this;
    }

    /** Message {@code id} by another author, whom the archive names (as the writer names every author). */
    ArchiveRows message(long id, long author, String authorName, String content) {
        message(id, content);
        jdbc.sql("UPDATE archive_message SET author_id = :author, author_name = :name WHERE archive_id = :archive AND message_id = :id")
                .param("author", author).param("name", authorName).param("archive", key).param("id", id).update();
        jdbc.sql("""
                INSERT INTO archive_mention (archive_id, kind, mention_id, name) VALUES (:archive, 'u', :author, :name)
                ON CONFLICT DO NOTHING""")
                .param("archive", key).param("author", author).param("name", authorName).update();
        return this;
    }

    /** Message {@code id} changed as a writer stores what a message has: {@code set} is SQL, e.g. {@code pinned = true}. */
    ArchiveRows with(long id, String set) {
        jdbc.sql("UPDATE archive_message SET " + set + " WHERE archive_id = :archive AND message_id = :id")
                .param("archive", key).param("id", id).update();
        return this;
    }

    /** Message {@code id} edited {@code minutes} after it was sent: its first version kept. */
    ArchiveRows edited(long id, String original, int minutes) {
        jdbc.sql("UPDATE archive_message SET edited_at = :at WHERE archive_id = :archive AND message_id = :id")
                .param("at", utc(sent(id).plusSeconds(60L * minutes)))
                .param("archive", key)
                .param("id", id)
                .update();
        jdbc.sql("""
                INSERT INTO archive_message_version (archive_id, message_id, version_at, content, attachments, embeds)
                VALUES (:archive, :id, :at, :content, '[]'::jsonb, '[]'::jsonb)""")
                .param("archive", key)
                .param("id", id)
                .param("at", utc(sent(id)))
                .param("content", original)
                .update();
        return revised();
    }

    /**
     * Messages removed by {@link #MODERATOR}, whom the archive names, as the writer removes them:
     * content, parts and earlier versions gone, the edit time kept.
     */
    ArchiveRows removed(String reason, long... ids) {
        String array = "{" + String.join(",", Arrays.stream(ids).mapToObj(Long::toString).toList()) + "}";
        jdbc.sql("""
                INSERT INTO archive_mention (archive_id, kind, mention_id, name) VALUES (:archive, 'u', :moderator, 'Mod')
                ON CONFLICT DO NOTHING""")
                .param("archive", key)
                .param("moderator", MODERATOR)
                .update();
        long redaction = jdbc.sql("""
                INSERT INTO archive_redaction (archive_id, redacted_at, redacted_by, reason, message_ids)
                VALUES (:archive, :at, :moderator, :reason, CAST(:ids AS bigint[])) RETURNING id""")
                .param("archive", key)
                .param("at", utc(START.plusSeconds(7_200)))
                .param("moderator", MODERATOR)
                .param("reason", reason)
                .param("ids", array)
                .query(Long.class).single();
        jdbc.sql("""
                UPDATE archive_message SET content = '', attachments = '[]', embeds = '[]', stickers = '[]',
                                           redaction_id = :redaction
                WHERE archive_id = :archive AND message_id = ANY (CAST(:ids AS bigint[]))""")
                .param("redaction", redaction)
                .param("archive", key)
                .param("ids", array)
                .update();
        jdbc.sql("DELETE FROM archive_message_version WHERE archive_id = :archive AND message_id = ANY (CAST(:ids AS bigint[]))")
                .param("archive", key)
                .param("ids", array)
                .update();
        return revised();
    }

    /** Sealed, and its search documents written, as the writers' job does after the seal. */
    ArchiveRows sealedAndIndexed() {
        jdbc.sql("UPDATE archive SET sealed_at = :at WHERE id = :archive")
                .param("at", utc(START.plusSeconds(10_800))).param("archive", key).update();
        jdbc.sql("""
                INSERT INTO archive_search (archive_id, message_id, document, author, sent_at, has, is_edited,
                                            is_removed, is_pinned, mention_ids)
                SELECT archive_id, message_id, document, author, sent_at, has, is_edited, is_removed, is_pinned,
                       mention_ids
                FROM archive_message_search WHERE archive_id = :archive""")
                .param("archive", key).update();
        jdbc.sql("UPDATE archive SET search_indexed_at = now() WHERE id = :archive").param("archive", key).update();
        return this;
    }

    /** Live, with its search index written up to this message (none when null), as the writers' chunks do (V14). */
    ArchiveRows indexedThrough(Long through) {
        jdbc.sql("DELETE FROM archive_search WHERE archive_id = :archive").param("archive", key).update();
        jdbc.sql("""
                INSERT INTO archive_search (archive_id, message_id, document, author, sent_at, has, is_edited,
                                            is_removed, is_pinned, mention_ids)
                SELECT archive_id, message_id, document, author, sent_at, has, is_edited, is_removed, is_pinned,
                       mention_ids
                FROM archive_message_search WHERE archive_id = :archive AND message_id <= :through""")
                .param("archive", key).param("through", through == null ? Long.MIN_VALUE : through).update();
        jdbc.sql("UPDATE archive SET search_indexed_through = :through WHERE id = :archive")
                .param("through", through).param("archive", key).update();
        return this;
    }

    static Instant sent(long id) {
        return START.plusSeconds(60 * (id - 1000));
    }

    private ArchiveRows revised() {
        jdbc.sql("UPDATE archive SET revision = revision + 1 WHERE id = :archive").param("archive", key).update();
        return this;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
