package dev.milk.writes.archive;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.writes.media.StoredCopies;

/**
 * Everything an archive holds besides its own row: messages, names, versions, the removals' audit
 * trail, search documents and media copies. A takedown and an expiry delete it all, in the
 * caller's transaction, so no read finds any of it once that commits.
 */
final class ArchiveContents {

    private static final List<String> TABLES = List.of("archive_message", "archive_mention",
            "archive_message_version", "archive_redaction", "archive_search");

    private final JdbcTemplate jdbc;
    private final StoredCopies copies;

    ArchiveContents(JdbcTemplate jdbc, StoredCopies copies) {
        this.jdbc = jdbc;
        this.copies = copies;
    }

    /** Deletes what the archives hold, and tells every reads replica to drop their pages. */
    void delete(List<Long> archiveIds) {
        if (archiveIds.isEmpty()) {
            return;
        }
        Long[] keys = archiveIds.toArray(Long[]::new);
        for (String table : TABLES) {
            jdbc.update("DELETE FROM " + table + " WHERE archive_id = ANY (?)", (Object) keys);
        }
        copies.forgetArchives(keys);
        jdbc.update("UPDATE archive SET message_count = 0 WHERE id = ANY (?)", (Object) keys);
        ArchiveChanges.announce(jdbc, archiveIds);
    }
}
