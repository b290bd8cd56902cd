package dev.milk.writes.archive;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.writes.media.StoredCopies;

/**
 * Deletes what an archive has ({@link ArchiveTable}), in the caller's transaction, so no read finds
 * any of it once that commits: all of it for a takedown or an expiry, a removed message's content
 * for a removal.
 */
final class ArchiveContents {

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
        for (ArchiveTable table : ArchiveTable.values()) {
            if (table == ArchiveTable.MEDIA) {
                copies.forgetArchives(keys);
            } else {
                jdbc.update("DELETE FROM " + table.table() + " WHERE archive_id = ANY (?)", (Object) keys);
            }
        }
        jdbc.update("""
                UPDATE archive SET message_count = 0, search_indexed_through = NULL, search_indexed_count = 0
                WHERE id = ANY (?)""", (Object) keys);
        ArchiveChanges.announce(jdbc, archiveIds);
    }

    /** Deletes the removed messages' rows beside their own (which the removal empties and keeps as their place). */
    void deleteRemoved(long archive, Long[] messageIds) {
        for (ArchiveTable table : ArchiveTable.values()) {
            if (!table.removedWithMessage()) {
                continue;
            }
            if (table == ArchiveTable.MEDIA) {
                copies.forget(archive, messageIds);
            } else {
                jdbc.update("DELETE FROM " + table.table() + " WHERE archive_id = ? AND message_id = ANY (?)",
                        archive, messageIds);
            }
        }
    }
}
