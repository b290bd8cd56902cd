package dev.milk.writes.archive;

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

    private final ArchiveContents contents;

    ArchiveExpiry(JdbcTemplate jdbc, Counter purged, StoredCopies copies) {
        this.jdbc = jdbc;
        this.purged = purged;
        this.contents = new ArchiveContents(jdbc, copies);
    }

    /** @return how many archives this call purged */
    int purge() {
        List<Long> due = jdbc.queryForList("""
                SELECT id FROM archive
                WHERE expires_at <= now() AND purged_at IS NULL
                ORDER BY expires_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", Long.class, ARCHIVES_PER_ROUND);
        contents.delete(due);
        jdbc.update("UPDATE archive SET purged_at = now() WHERE id = ANY (?)", (Object) due.toArray(Long[]::new));
        int n = due.size();
        if (n > 0) {
            purged.increment(n);
            log.info("purged the messages of {} expired archives", n);
        }
        return n;
    }
}
