package dev.milk.writes.archive;

import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.writes.media.StoredCopies;
import io.micrometer.core.instrument.Counter;

/**
 * Purges the messages of expired archives (reads already answer 410 for them). Every writes
 * replica runs it: {@code FOR UPDATE SKIP LOCKED} gives each archive to one of them, and an
 * archive already purged is not selected again.
 */
final class ArchiveExpiry {

    private static final Logger log = LoggerFactory.getLogger(ArchiveExpiry.class);
    private static final int ARCHIVES_PER_ROUND = 50;

    private final JdbcTemplate jdbc;
    private final Counter purged;

    private final StoredCopies copies;

    ArchiveExpiry(JdbcTemplate jdbc, Counter purged, StoredCopies copies) {
        this.jdbc = jdbc;
        this.purged = purged;
        this.copies = copies;
    }

    /** @return how many archives this call purged */
    int purge() {
        record Purged(int archives, List<String> copies) {
        }
        Purged done = jdbc.queryForObject("""
                WITH due AS (
                    SELECT id FROM archive
                    WHERE expires_at <= now() AND purged_at IS NULL
                    ORDER BY expires_at
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED
                ), gone AS (
                    DELETE FROM archive_message m USING due WHERE m.archive_id = due.id
                ), unnamed AS (
                    DELETE FROM archive_mention n USING due WHERE n.archive_id = due.id
                ), versions AS (
                    DELETE FROM archive_message_version v USING due WHERE v.archive_id = due.id
                ), audit AS (
                    DELETE FROM archive_redaction r USING due WHERE r.archive_id = due.id
                ), documents AS (
                    DELETE FROM archive_search s USING due WHERE s.archive_id = due.id
                ), media AS (
                    DELETE FROM archive_media m USING due WHERE m.archive_id = due.id RETURNING m.media_key
                ), marked AS (
                    UPDATE archive SET purged_at = now(), message_count = 0 FROM due
                    WHERE archive.id = due.id
                    RETURNING archive.id
                )
                SELECT (SELECT count(*) FROM marked),
                       (SELECT coalesce(array_agg(media_key), '{}') FROM media)""",
                (rs, row) -> new Purged(rs.getInt(1), Arrays.asList((String[]) rs.getArray(2).getArray())),
                ARCHIVES_PER_ROUND);
        int n = done == null ? 0 : done.archives();
        if (done != null) {
            copies.deleteUnreferenced(done.copies());
        }
        if (n > 0) {
            purged.increment(n);
            log.info("purged the messages of {} expired archives", n);
        }
        return n;
    }
}
