package dev.milk.writes.media;

import java.util.Collection;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.media.MediaStore;

/**
 * Forgets copies with the messages they were made for (a takedown, an expiry, a removal), in the
 * caller's transaction, and has the store delete each copy no other message still refers to
 * ({@link MediaStore#release}): under the copies' locks, so a copy another archive is recording
 * at this very moment stays. Nothing here waits for a store outside the database.
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
                DELETE FROM archive_media WHERE archive_id = ? AND message_id = ANY (?) RETURNING media_key""",
                String.class, archiveId, messageIds));
    }

    /** The copies of whole archives. */
    public void forgetArchives(Long[] archiveIds) {
        deleteUnreferenced(jdbc.queryForList("DELETE FROM archive_media WHERE archive_id = ANY (?) RETURNING media_key",
                String.class, (Object) archiveIds));
    }

    /** Of {@code keys} (nulls and repeats allowed), deletes from the store those no row refers to any more. */
    public void deleteUnreferenced(Collection<String> keys) {
        store.release(keys);
    }
}
