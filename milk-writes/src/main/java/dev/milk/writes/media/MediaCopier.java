package dev.milk.writes.media;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.MediaKeys;
import dev.milk.media.MediaProperties;
import dev.milk.media.MediaStore;
import dev.milk.writes.archive.ArchiveChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Copies queued media into Milk's storage, off the ingest path: a slow or failing CDN never holds
 * a partition. Each writer takes a few due rows at a time under a lease (so replicas share the
 * queue and a crashed writer's rows come due again), downloads outside any transaction, and
 * records the copy, or why not, with the row. A file already copied (an emoji used again) is not
 * downloaded again. Every change bumps the archive's revision: pages show the copy at once.
 */
public final class MediaCopier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaCopier.class);
    private static final int ROWS_PER_ROUND = 8;

    private record Due(long archiveId, long messageId, String url, int attempts) {
    }

    private record Copy(String key, String contentType, long size) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MediaStore store;
    private final MediaProperties settings;
    private final MediaDownload download;
    private final Tika tika = new Tika();
    private final Counter copied;
    private final Counter failed;

    public MediaCopier(JdbcTemplate jdbc, TransactionTemplate transactions, MediaStore store, MediaProperties settings,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.settings = settings;
        this.download = new MediaDownload(settings);
        this.copied = meters.counter("milk.archive.media.copied");
        this.failed = meters.counter("milk.archive.media.failed");
    }

    /** Copies what is due, a few rows at a time, until nothing is. */
    public void copyDue() {
        for (List<Due> due = claim(); !due.isEmpty(); due = claim()) {
            Set<Long> changed = new HashSet<>();
            for (Due row : due) {
                if (copy(row)) {
                    changed.add(row.archiveId());
                }
            }
            if (!changed.isEmpty()) {
                transactions.executeWithoutResult(status -> {
                    jdbc.update("UPDATE archive SET revision = revision + 1 WHERE id = ANY (?)",
                            (Object) changed.toArray(Long[]::new));
                    ArchiveChanges.announce(jdbc, changed);
                });
            }
        }
    }

    /** Takes due rows under a lease as long as a download may take, twice over. */
    private List<Due> claim() {
        Duration lease = settings.timeout().multipliedBy(2);
        return transactions.execute(status -> jdbc.query("""
                UPDATE archive_media m SET attempts = m.attempts + 1, next_attempt_at = now() + ?::interval
                FROM (SELECT archive_id, message_id, url FROM archive_media
                      WHERE state = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                WHERE (m.archive_id, m.message_id, m.url) = (due.archive_id, due.message_id, due.url)
                RETURNING m.archive_id, m.message_id, m.url, m.attempts""",
                (rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4)),
                lease.toMillis() + " milliseconds", ROWS_PER_ROUND));
    }

    /** @return whether the row changed (copied, or failed for good) */
    private boolean copy(Due row) {
        List<Copy> earlier = jdbc.query("""
                SELECT media_key, content_type, size FROM archive_media WHERE url = ? AND state = 'stored' LIMIT 1""",
                (rs, n) -> new Copy(rs.getString(1), rs.getString(2), rs.getLong(3)), row.url());
        if (!earlier.isEmpty()) {
            return stored(row, earlier.getFirst(), null);
        }
        return switch (download.fetch(row.url())) {
            case MediaDownload.Downloaded d -> {
                byte[] bytes = d.bytes();
                Long used = jdbc.queryForObject("""
                        SELECT coalesce(sum(size), 0) FROM archive_media WHERE archive_id = ? AND state = 'stored'""",
                        Long.class, row.archiveId());
                if (used != null && used + bytes.length > settings.maxArchiveSize().toBytes()) {
                    yield failed(row, "the archive's copies would pass " + settings.maxArchiveSize().toBytes()
                            + " bytes (MILK_MEDIA_MAX_ARCHIVE_SIZE)", false);
                }
                yield stored(row, new Copy(MediaKeys.of(bytes), tika.detect(bytes), bytes.length), bytes);
            }
            case MediaDownload.Failed f -> failed(row, f.reason(), f.retry());
        };
    }

    /**
     * Records the copy and, when its bytes are new, stores them, in one transaction: a row removed
     * meanwhile (a takedown, a redaction) leaves no copy behind.
     */
    private boolean stored(Due row, Copy copy, byte[] bytes) {
        Boolean marked = transactions.execute(status -> {
            int n = jdbc.update("""
                    UPDATE archive_media SET state = 'stored', media_key = ?, content_type = ?, size = ?, error = NULL
                    WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending'""",
                    copy.key(), copy.contentType(), copy.size(), row.archiveId(), row.messageId(), row.url());
            if (n > 0 && bytes != null) {
                // A copy of these bytes may be queued for deletion (an S3 store's): it is wanted again.
                jdbc.update("DELETE FROM media_deletion WHERE media_key = ?", copy.key());
                store.put(copy.key(), copy.contentType(), bytes);
            }
            return n > 0;
        });
        if (Boolean.TRUE.equals(marked)) {
            copied.increment();
            return true;
        }
        return false;
    }

    private boolean failed(Due row, String reason, boolean retry) {
        boolean last = !retry || row.attempts() >= settings.attempts();
        Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(row.attempts() - 1, 20));
        jdbc.update("""
                UPDATE archive_media SET state = ?, error = ?, next_attempt_at = ?
                WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending'""",
                last ? "failed" : "pending", reason, new Timestamp(System.currentTimeMillis() + wait.toMillis()),
                row.archiveId(), row.messageId(), row.url());
        if (last) {
            failed.increment();
            log.info("not copying a medium of an archive after {} attempts: {}", row.attempts(), reason);
        }
        return last;
    }

    @Override
    public void close() {
        download.close();
    }
}
