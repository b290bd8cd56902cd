package dev.milk.writes.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Counter;

/**
 * Writes the search rows of sealed archives, one archive per call: each message's document and what
 * the operators read, as the view {@code archive_message_search} (V13) defines them. A sealed archive
 * takes no new message, so it is indexed once; a removal or a forget rewrites its messages' rows
 * (the store locks the archive first, so it waits for an indexing in progress). Replicas share the
 * work: an archive being indexed is skipped by the others.
 */
final class ArchiveSearchIndexer {

    /** The columns of {@code archive_search}, which the view has too. */
    private static final String COLUMNS =
            "archive_id, message_id, document, author, sent_at, has, is_edited, is_removed, is_pinned, mention_ids";

    private static final Logger log = LoggerFactory.getLogger(ArchiveSearchIndexer.class);

    private final JdbcTemplate jdbc;
    private final Counter indexed;

    ArchiveSearchIndexer(JdbcTemplate jdbc, Counter indexed) {
        this.jdbc = jdbc;
        this.indexed = indexed;
    }

    /** @return how many messages it indexed, or -1 when no archive was due */
    long indexOne() {
        Long count = jdbc.queryForObject("""
                WITH due AS (
                    SELECT id FROM archive
                    WHERE sealed_at IS NOT NULL AND search_indexed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL
                    ORDER BY sealed_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                ), documents AS (
                    INSERT INTO archive_search (%1$s)
                    SELECT %1$s FROM archive_message_search WHERE archive_id = (SELECT id FROM due)
                    RETURNING 1
                ), marked AS (
                    UPDATE archive SET search_indexed_at = now() FROM due WHERE archive.id = due.id RETURNING archive.id
                )
                SELECT CASE WHEN EXISTS (SELECT FROM marked) THEN (SELECT count(*) FROM documents) ELSE -1 END"""
                .formatted(COLUMNS), Long.class);
        long n = count == null ? -1 : count;
        if (n >= 0) {
            indexed.increment();
            log.debug("indexed the {} messages of a sealed archive for search", n);
        }
        return n;
    }

    /**
     * Writes again the search rows of messages an indexed archive changed (a removal empties them,
     * a forget too), in the caller's transaction; an archive not indexed yet has none.
     */
    static void rewrite(JdbcTemplate jdbc, long archive, Long[] messageIds) {
        jdbc.update("""
                WITH gone AS (DELETE FROM archive_search WHERE archive_id = ? AND message_id = ANY (?))
                INSERT INTO archive_search (%1$s)
                SELECT %1$s FROM archive_message_search
                WHERE archive_id = ? AND message_id = ANY (?)
                  AND EXISTS (SELECT FROM archive WHERE id = ? AND search_indexed_at IS NOT NULL)""".formatted(COLUMNS),
                archive, messageIds, archive, messageIds, archive);
    }
}
