package dev.milk.writes.archive;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Removals for privacy: the messages' content, parts, versions, search documents and copies are
 * deleted in the caller's transaction; each keeps its place (in the search index too, without a word), and the author and time of its latest
 * version, with a reference to the audit row (who, when, why, which ids). A message not stored
 * yet gets its place now, so when it arrives only its author and time are kept. A redelivered
 * removal finds its audit row and changes nothing.
 */
final class ArchiveRedactions {

    /** The author of a removed message's place until the message itself arrives. */
    static final long UNKNOWN_AUTHOR = 0;

    private final JdbcTemplate jdbc;
    private final ArchiveContents contents;

    ArchiveRedactions(JdbcTemplate jdbc, ArchiveContents contents) {
        this.jdbc = jdbc;
        this.contents = contents;
    }

    void apply(ArchiveCommand.Redact redaction, long archive, Instant now) {
        Long[] ids = redaction.messageIds().toArray(Long[]::new);
        // Waits for a search indexing of this archive in progress, so its documents are seen and deleted below.
        jdbc.queryForList("SELECT id FROM archive WHERE id = ? FOR UPDATE", Long.class, archive);
        List<Long> audit = jdbc.queryForList("""
                INSERT INTO archive_redaction (archive_id, redacted_at, redacted_by, reason, message_ids)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id""", Long.class,
                archive, Timestamp.from(redaction.at() == null ? now : redaction.at()), redaction.by(),
                redaction.reason(), ids);
        if (audit.isEmpty()) {
            return;
        }
        long auditId = audit.getFirst();
        // Its edit time stays, unseen (reads show a removed message as never edited): it names the
        // version whose author the place keeps, so a later version that arrives can still be told apart.
        jdbc.update("""
                UPDATE archive_message
                SET content = '', attachments = '[]', embeds = '[]', stickers = '[]', reactions = NULL,
                    thread = NULL, poll = NULL, forwarded = NULL, components = NULL, author_extras = NULL,
                    interaction = NULL, system_details = NULL, redaction_id = ?
                WHERE archive_id = ? AND message_id = ANY (?) AND redaction_id IS NULL""", auditId, archive, ids);
        contents.deleteRemoved(archive, ids);
        // A place for each message not stored yet: its time is the one its snowflake carries.
        jdbc.update("""
                WITH placed AS (
                    INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                                 created_at, attachments, embeds, stickers, redaction_id)
                    SELECT ?, id, ?, '', false, '', milk_millis((id >> 22) + 1420070400000), '[]', '[]', '[]', ?
                    FROM unnest(?::bigint[]) AS id
                    ON CONFLICT DO NOTHING
                    RETURNING 1
                )
                UPDATE archive SET revision = revision + 1, message_count = message_count + (SELECT count(*) FROM placed)
                WHERE id = ?""", archive, UNKNOWN_AUTHOR, auditId, ids, archive);
        // A removed message stays findable by is:removed, by its place only.
        ArchiveSearchIndexer.rewrite(jdbc, archive, ids);
        ArchiveChanges.announce(jdbc, List.of(archive));
    }
}
