package dev.milk.writes.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

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

    ArchiveExpiry(JdbcTemplate jdbc, Counter purged) {
        this.jdbc = jdbc;
        this.purged = purged;
    }

    /** @return how many archives this call purged */
    int purge() {
        Integer count = jdbc.queryForObject("""
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
                ), marked AS (
                    UPDATE archive SET purged_at = now(), message_count = 0 FROM due
                    WHERE archive.id = due.id
                    RETURNING archive.id
                )
                SELECT count(*) FROM marked""", Integer.class, ARCHIVES_PER_ROUND);
        int n = count == null ? 0 : count;
        if (n > 0) {
            purged.increment(n);
            log.info("purged the messages of {} expired archives", n);
        }
        return n;
    }
}
