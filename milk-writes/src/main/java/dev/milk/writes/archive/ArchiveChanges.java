package dev.milk.writes.archive;

import java.util.Collection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells every reads replica, through PostgreSQL's {@code NOTIFY}, that archives changed after their
 * pages may have been kept (a removal, a takedown, a copy made): they drop their copies of those
 * pages at once instead of at their next refresh. A notification is sent when, and only if, the
 * transaction that changed the archive commits.
 */
public final class ArchiveChanges {

    /** The channel reads replicas listen on ({@code dev.milk.reads.web.ArchiveChangeListener}). */
    public static final String CHANNEL = "milk_archive_changed";

    private ArchiveChanges() {
    }

    /** @param archiveKeys the archives' database keys; each is announced by its public id */
    public static void announce(JdbcTemplate jdbc, Collection<Long> archiveKeys) {
        if (!archiveKeys.isEmpty()) {
            jdbc.query("SELECT pg_notify(?, public_id) FROM archive WHERE id = ANY (?)", rs -> {
            }, CHANNEL, archiveKeys.toArray(Long[]::new));
        }
    }
}
