package dev.milk.writes.media;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.media.MediaStore;

/**
 * Forgets copies with the messages they were made for (a takedown, an expiry, a removal), in the
 * caller's transaction, and deletes from the store each copy no other message still refers to.
 */
public final class StoredCopies {

    private final JdbcTemplate jdbc;
    private final MediaStore store;

    public StoredCopies(JdbcTemplate jdbc, MediaStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** The copies of these messages of one archive. */
    public void forget(long archiveId, Long[] messageIds) {
        deleteUnreferenced(jdbc.queryForList("""
                DELETE FROM archive_media WHERE archive_id = ? AND message_id = ANY (?) AND media_key IS NOT NULL
                RETURNING media_key""", String.class, archiveId, messageIds));
        jdbc.update("DELETE FROM archive_media WHERE archive_id = ? AND message_id = ANY (?)", archiveId, messageIds);
    }

    /** The copies of whole archives. */
    public void forgetArchives(Long[] archiveIds) {
        deleteUnreferenced(jdbc.queryForList("""
                DELETE FROM archive_media WHERE archive_id = ANY (?) AND media_key IS NOT NULL RETURNING media_key""",
                String.class, (Object) archiveIds));
        jdbc.update("DELETE FROM archive_media WHERE archive_id = ANY (?)", (Object) archiveIds);
    }

    /** Of {@code keys}, deletes from the store those no row refers to any more. */
    public void deleteUnreferenced(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> orphans = jdbc.queryForList("""
                SELECT DISTINCT k FROM unnest(?::text[]) AS k
                WHERE NOT EXISTS (SELECT FROM archive_media WHERE media_key = k)""", String.class,
                (Object) keys.toArray(String[]::new));
        store.delete(orphans);
    }
}
