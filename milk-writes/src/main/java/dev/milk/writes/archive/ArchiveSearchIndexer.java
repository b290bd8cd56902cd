package dev.milk.writes.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Counter;

/**
 * Writes the search documents of sealed archives, one archive per call. A sealed archive takes no
 * new message, so it is indexed once; a removal deletes its documents (the store locks the archive
 * first, so it waits for an indexing in progress). Replicas share the work: an archive being
 * indexed is skipped by the others.
 */
final class ArchiveSearchIndexer {

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
                    INSERT INTO archive_search (archive_id, message_id, document)
                    SELECT m.archive_id, m.message_id,
                           milk_search_document(m.content, m.author_name, m.attachments, m.embeds)
                    FROM archive_message m JOIN due ON m.archive_id = due.id
                    WHERE m.redaction_id IS NULL
                    RETURNING 1
                ), marked AS (
                    UPDATE archive SET search_indexed_at = now() FROM due WHERE archive.id = due.id RETURNING archive.id
                )
                SELECT CASE WHEN EXISTS (SELECT FROM marked) THEN (SELECT count(*) FROM documents) ELSE -1 END""",
                Long.class);
        long n = count == null ? -1 : count;
        if (n >= 0) {
            indexed.increment();
            log.debug("indexed the {} messages of a sealed archive for search", n);
        }
        return n;
    }
}
