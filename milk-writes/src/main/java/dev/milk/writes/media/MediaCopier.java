package dev.milk.writes.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.MediaLocks;
import dev.milk.media.MediaProperties;
import dev.milk.media.MediaStore;
import dev.milk.media.MediaUpload;
import dev.milk.writes.archive.ArchiveChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Copies queued media into Milk's storage, off the ingest path: a slow or failing CDN never holds
 * a partition. Each writer takes a few due rows at a time under a lease (so replicas share the
 * queue and a crashed writer's rows come due again) and downloads them at once
 * ({@code MILK_MEDIA_CONCURRENT_COPIES}), each streamed into the store as it arrives, outside any
 * transaction, hashed and sniffed on the way; then records the copy, or why not, with the row. A
 * file already copied (an emoji used again) is not downloaded again. Every change bumps the
 * archive's revision: pages show the copy at once.
 */
public final class MediaCopier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaCopier.class);
    /** Tries for a copy's lock, a tenth of a second apart, before the row waits for the next round. */
    private static final int LOCK_TRIES = 20;
    /** The first number of an archive's lock while its copies are counted against its cap ("mcap"). */
    private static final int ARCHIVE_COPIES = 0x6d636170;

    private record Due(long archiveId, long messageId, String url, int attempts) {
    }

    private record Copy(String key, String contentType, long size) {
    }

    /** How recording a copy went. */
    private enum Recorded {
        /** The row refers to the copy, which the store holds. */
        YES,
        /** The row is gone (a removal, a takedown) or no longer pending. */
        ROW_GONE,
        /** Reusing: no other row refers to the copy any more, so it may be gone; to be downloaded. */
        NO_COPY,
        /** Another transaction holds the copy's lock: a removal or another copy of the same bytes. */
        BUSY,
        /** The archive's copies would pass {@code MILK_MEDIA_MAX_ARCHIVE_SIZE}. */
        OVER_CAP
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

    /**
     * Copies what is due, a few rows at once, until nothing is. Rows of the same link are copied
     * one after the other, so the second finds the first's copy instead of downloading it again.
     */
    public void copyDue() {
        for (List<Due> due = claim(); !due.isEmpty(); due = claim()) {
            Set<Long> changed = new HashSet<>();
            try (var copies = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<List<Long>>> done = new ArrayList<>();
                for (List<Due> sameLink : due.stream().collect(Collectors.groupingBy(Due::url, LinkedHashMap::new,
                        Collectors.toList())).values()) {
                    done.add(copies.submit(() -> sameLink.stream().filter(this::copy).map(Due::archiveId).toList()));
                }
                done.forEach(archives -> changed.addAll(result(archives)));
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

    private static <T> T result(Future<T> copy) {
        try {
            return copy.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
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
                (rs, n) -> new Due(rs.getLong("archive_id"), rs.getLong("message_id"), rs.getString("url"),
                        rs.getInt("attempts")),
                lease.toMillis() + " milliseconds", settings.concurrentCopies()));
    }

    /** @return whether the row changed (copied, or failed for good) */
    private boolean copy(Due row) {
        List<Copy> earlier = jdbc.query("""
                SELECT media_key, content_type, size FROM archive_media WHERE url = ? AND state = 'stored' LIMIT 1""",
                (rs, n) -> new Copy(rs.getString("media_key"), rs.getString("content_type"), rs.getLong("size")),
                row.url());
        if (!earlier.isEmpty()) {
            Recorded reused = record(row, earlier.getFirst(), null);
            if (reused != Recorded.NO_COPY) {
                return done(row, reused);
            }
        }
        MediaUpload upload;
        try {
            upload = store.upload();
        } catch (IOException e) {
            return failed(row, "could not store the copy: " + e.getMessage(), true);
        }
        try {
            var bytes = new Fingerprint(upload);
            MediaDownload.Outcome outcome = download.fetch(row.url(), bytes);
            if (outcome instanceof MediaDownload.Failed f) {
                return failed(row, f.reason(), f.retry());
            }
            bytes.close();
            return done(row, record(row, new Copy(bytes.key(), tika.detect(bytes.head()), bytes.size()), upload));
        } catch (IOException | UncheckedIOException e) {
            return failed(row, "could not store the copy: " + e.getMessage(), true);
        } finally {
            upload.discard();
        }
    }

    private boolean done(Due row, Recorded recorded) {
        if (recorded == Recorded.OVER_CAP) {
            return failed(row, "the archive's copies would pass " + settings.maxArchiveSize().toBytes()
                    + " bytes (MILK_MEDIA_MAX_ARCHIVE_SIZE)", false);
        }
        if (recorded == Recorded.BUSY) {
            // Not the download's fault: the attempt is given back, and the row comes due at once.
            jdbc.update("""
                    UPDATE archive_media SET attempts = attempts - 1, next_attempt_at = now()
                    WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending'""",
                    row.archiveId(), row.messageId(), row.url());
            return false;
        }
        if (recorded == Recorded.YES) {
            copied.increment();
            return true;
        }
        return false;
    }

    /**
     * Records the copy, in one transaction holding the copy's lock ({@link MediaLocks}): either
     * another row refers to it still (so the store holds it, and no removal can delete it before
     * this commits), or {@code upload} is kept under its key. A row removed meanwhile (a takedown,
     * a redaction) records nothing and the upload is discarded.
     *
     * @param upload the downloaded bytes; null when reusing a copy made for another row
     */
    private Recorded record(Due row, Copy copy, MediaUpload upload) {
        for (int tries = 1; ; tries++) {
            Recorded recorded = transactions.execute(status -> {
                int n = jdbc.update("""
                        UPDATE archive_media SET state = 'stored', media_key = ?, content_type = ?, size = ?, error = NULL
                        WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending'""",
                        copy.key(), copy.contentType(), copy.size(), row.archiveId(), row.messageId(), row.url());
                if (n == 0) {
                    return Recorded.ROW_GONE;
                }
                if (upload != null && overCap(row)) {
                    status.setRollbackOnly();
                    return Recorded.OVER_CAP;
                }
                if (MediaLocks.tryLock(jdbc, List.of(copy.key())).isEmpty()) {
                    status.setRollbackOnly();
                    return Recorded.BUSY;
                }
                boolean referred = Boolean.TRUE.equals(jdbc.queryForObject("""
                        SELECT EXISTS (SELECT FROM archive_media WHERE media_key = ? AND state = 'stored'
                                       AND (archive_id, message_id, url) <> (?, ?, ?))""", Boolean.class,
                        copy.key(), row.archiveId(), row.messageId(), row.url()));
                if (!referred) {
                    if (upload == null) {
                        status.setRollbackOnly();
                        return Recorded.NO_COPY;
                    }
                    // A copy of these bytes may be queued for deletion (an S3 store's): it is wanted again.
                    jdbc.update("DELETE FROM media_deletion WHERE media_key = ?", copy.key());
                    try {
                        upload.keep(copy.key(), copy.contentType(), copy.size());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return Recorded.YES;
            });
            if (recorded != Recorded.BUSY || tries == LOCK_TRIES) {
                return recorded;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Recorded.BUSY;
            }
        }
    }

    /**
     * Whether the archive's copies, this one counted, pass the cap: under the archive's own lock,
     * which only copiers take, so copies of one archive made at once are counted one at a time.
     */
    private boolean overCap(Due row) {
        jdbc.query("SELECT pg_advisory_xact_lock(?, ?)", rs -> { }, ARCHIVE_COPIES, Long.hashCode(row.archiveId()));
        Long used = jdbc.queryForObject("""
                SELECT coalesce(sum(size), 0) FROM archive_media WHERE archive_id = ? AND state = 'stored'""",
                Long.class, row.archiveId());
        return used != null && used > settings.maxArchiveSize().toBytes();
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
