package dev.milk.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies in PostgreSQL, the embedded default: both roles already share the database, and a copy
 * is deleted in the same transaction as the last row that refers to it, so a removal leaves
 * nothing behind. A copy's bytes are rows of {@value #PART_SIZE} bytes ({@code media_part}): a
 * reader fetches one part at a time, holding a connection only for that query, and a writer
 * inserts each part as the download brings it, naming the whole ({@code media_object.media_key})
 * once its SHA-256 is known. Copies an earlier release kept whole ({@code media_blob}) are read in
 * slices where they are and moved into parts by the writers' {@link #sweep}.
 */
public final class PostgresMediaStore implements MediaStore {

    /** A part: 200 queries for a 50 MB copy, a quarter of a MiB of heap for each reader (BENCHMARKS.md). */
    static final int PART_SIZE = 256 * 1024;
    /** How long an upload may go unnamed before it counts as abandoned: far longer than any download. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** How often a writer looks again for unreferenced copies and earlier releases' copies, once none are left. */
    private static final Duration LOOK_AGAIN = Duration.ofMinutes(10);
    private static final int PER_SWEEP = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private volatile Instant nextLook = Instant.MIN;

    /** @param transactions the writer's; null for a store that only reads */
    public PostgresMediaStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public Optional<Copy> find(String key) {
        return jdbc.query("""
                SELECT content_type, size FROM media_object WHERE media_key = ?
                UNION ALL
                SELECT content_type, size FROM media_blob WHERE media_key = ?
                LIMIT 1""", (rs, n) -> new Copy(rs.getString("content_type"), rs.getLong("size")), key, key)
                .stream().findFirst();
    }

    @Override
    public InputStream open(String key, long from) throws IOException {
        record Located(Long objectId, int partSize, long size) {
        }
        List<Located> found = jdbc.query("""
                SELECT id, part_size, size FROM media_object WHERE media_key = ?
                UNION ALL
                SELECT NULL, ?, size FROM media_blob WHERE media_key = ?
                LIMIT 1""", (rs, n) -> new Located(rs.getObject("id", Long.class), rs.getInt("part_size"),
                rs.getLong("size")), key, PART_SIZE, key);
        if (found.isEmpty()) {
            throw new Gone("no copy has the key " + key);
        }
        Located copy = found.getFirst();
        return new PartStream(copy.size(), from, copy.partSize(), copy.objectId() != null
                ? (position, partSize) -> part(copy.objectId(), position, partSize)
                : (position, partSize) -> slice(key, position, partSize));
    }

    /** The rest of the part that holds {@code position}. */
    private byte[] part(long objectId, long position, int partSize) {
        int offset = (int) (position % partSize);
        return jdbc.query("""
                SELECT substring(bytes FROM ? FOR ?) AS bytes FROM media_part WHERE object_id = ? AND part = ?""",
                rs -> rs.next() ? rs.getBytes("bytes") : null, offset + 1, partSize - offset, objectId, position / partSize);
    }

    /**
     * A part's worth of a copy an earlier release kept whole, from {@code position}. PostgreSQL may
     * have compressed it, and then decompresses from its start for each slice: only until the
     * writers move it into parts, which they do first thing.
     */
    private byte[] slice(String key, long position, int partSize) {
        return jdbc.query("SELECT substring(bytes FROM ?::int FOR ?) AS bytes FROM media_blob WHERE media_key = ?",
                rs -> rs.next() ? rs.getBytes("bytes") : null, position + 1, partSize, key);
    }

    @Override
    public MediaUpload upload() {
        long id = jdbc.queryForObject("INSERT INTO media_object (part_size) VALUES (?) RETURNING id", Long.class,
                PART_SIZE);
        return new PartsUpload(id);
    }

    /** Parts inserted as they fill, each on its own (no transaction held across a download). */
    private final class PartsUpload extends MediaUpload {

        private final long objectId;
        private final byte[] part = new byte[PART_SIZE];
        private int filled;
        private int parts;

        PartsUpload(long objectId) {
            this.objectId = objectId;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, PART_SIZE - filled);
                System.arraycopy(bytes, offset, part, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == PART_SIZE) {
                    insertPart();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (filled > 0 || parts == 0) {
                insertPart();
            }
        }

        private void insertPart() throws IOException {
            byte[] bytes = filled == PART_SIZE ? part : Arrays.copyOf(part, filled);
            try {
                jdbc.update("INSERT INTO media_part (object_id, part, bytes) VALUES (?, ?, ?)", objectId, parts, bytes);
            } catch (DataAccessException e) {
                throw new IOException("could not write the copy: " + e.getMostSpecificCause().getMessage(), e);
            }
            parts++;
            filled = 0;
        }

        /** Names the parts, unless another upload of the same bytes was named first: then these go with {@link #discard}. */
        @Override
        public void keep(String key, String contentType, long size) throws IOException {
            try {
                jdbc.update("""
                        UPDATE media_object SET media_key = ?, content_type = ?, size = ?
                        WHERE id = ? AND NOT EXISTS (SELECT FROM media_object WHERE media_key = ?)""",
                        key, contentType, size, objectId, key);
            } catch (DuplicateKeyException namedAtTheSameMoment) {
                // The other upload holds the same bytes under the key.
            } catch (DataAccessException e) {
                throw new IOException("could not name the copy: " + e.getMostSpecificCause().getMessage(), e);
            }
        }

        @Override
        public void discard() {
            jdbc.update("DELETE FROM media_object WHERE id = ? AND media_key IS NULL", objectId);
        }
    }

    /** Deletes those no row refers to, in the caller's transaction, once their locks are held. */
    @Override
    public void release(Collection<String> keys) {
        MediaLocks.lock(jdbc, keys);
        delete(MediaReferences.unreferenced(jdbc, keys));
    }

    private void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            String[] doomed = keys.toArray(String[]::new);
            jdbc.update("DELETE FROM media_object WHERE media_key = ANY (?)", (Object) doomed);
            jdbc.update("DELETE FROM media_blob WHERE media_key = ANY (?)", (Object) doomed);
        }
    }

    /**
     * Deletes uploads a writer never finished (it stopped mid-download) and, every few minutes
     * while there are any, copies no message refers to (a writer of the previous release, during
     * a rolling update, deletes only the copies it knows) and moves copies the previous release
     * kept whole into parts, a few each run. Idempotent, and safe beside any writer of either release.
     */
    @Override
    public void sweep() {
        jdbc.update("DELETE FROM media_object WHERE media_key IS NULL AND created_at < now() - ?::interval",
                ABANDONED.toSeconds() + " seconds");
        if (Instant.now().isBefore(nextLook)) {
            return;
        }
        int unreferenced = deleteUnreferenced();
        int moved = moveWholeCopies();
        if (unreferenced < PER_SWEEP && moved < PER_SWEEP) {
            nextLook = Instant.now().plus(LOOK_AGAIN);
        }
    }

    private int deleteUnreferenced() {
        List<String> candidates = jdbc.queryForList("""
                SELECT media_key FROM (SELECT media_key FROM media_object WHERE media_key IS NOT NULL
                                       UNION SELECT media_key FROM media_blob) AS copies
                WHERE NOT EXISTS (SELECT FROM archive_media m WHERE m.media_key = copies.media_key)
                LIMIT ?""", String.class, PER_SWEEP);
        if (!candidates.isEmpty()) {
            transactions.executeWithoutResult(status -> delete(MediaReferences.unreferenced(jdbc,
                    MediaLocks.tryLock(jdbc, candidates))));
        }
        return candidates.size();
    }

    /**
     * Copies of the previous release ({@code media_blob}) into parts, a few, each in a transaction
     * of its own and all in SQL (no byte passes through this process); the row stays for the
     * previous release's readers. Idempotent: a copy already moved is left as it is. The copy is
     * read once, whole, inside PostgreSQL ({@code whole}), then cut: PostgreSQL compresses a
     * {@code bytea} it can (text, SVG, WAV), and cutting the stored value itself would decompress
     * it from its start for every part (a compressible 50 MB copy: 10.6 s instead of 0.37 s,
     * while its lock is held).
     *
     * @return how many were looked at
     */
    public int moveWholeCopies() {
        List<String> whole = jdbc.queryForList("""
                SELECT media_key FROM media_blob b
                WHERE NOT EXISTS (SELECT FROM media_object o WHERE o.media_key = b.media_key) LIMIT ?""",
                String.class, PER_SWEEP);
        for (String key : whole) {
            transactions.executeWithoutResult(status -> {
                if (MediaLocks.tryLock(jdbc, List.of(key)).isEmpty()) {
                    return;
                }
                jdbc.update("""
                        WITH moved AS (
                            INSERT INTO media_object (media_key, content_type, size, part_size)
                            SELECT media_key, content_type, size, ? FROM media_blob b
                            WHERE media_key = ? AND NOT EXISTS (SELECT FROM media_object o WHERE o.media_key = b.media_key)
                            RETURNING id, size
                        ), whole AS MATERIALIZED (
                            SELECT bytes || ''::bytea AS bytes FROM media_blob WHERE media_key = ?
                        )
                        INSERT INTO media_part (object_id, part, bytes)
                        SELECT moved.id, p, substring(whole.bytes FROM (p * ? + 1)::int FOR ?)
                        FROM moved, whole, generate_series(0, greatest(moved.size - 1, 0) / ?) AS p""",
                        PART_SIZE, key, key, PART_SIZE, PART_SIZE, PART_SIZE);
            });
        }
        return whole.size();
    }
}
