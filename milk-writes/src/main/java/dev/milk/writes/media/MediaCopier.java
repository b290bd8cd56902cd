package dev.milk.writes.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
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

import dev.milk.media.CopyFailures;
import dev.milk.media.MediaLocks;
import dev.milk.media.MediaMirror;
import dev.milk.media.MediaProperties;
import dev.milk.media.MediaStore;
import dev.milk.media.MediaUpload;
import dev.milk.writes.archive.ArchiveChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Copies queued media into Milk's storage, off the ingest path: a slow or failing CDN or store
 * never holds a partition. Each writer takes a few due rows at a time under a lease (so replicas
 * share the queue and a crashed writer's rows come due again) and downloads them at once
 * ({@code MILK_MEDIA_CONCURRENT_COPIES}), each streamed into the store as it arrives, outside any
 * transaction, hashed and sniffed on the way. Then three steps, and no call to a store outside the
 * database is made holding a lock anything waits for: the row names the copy's key, under the
 * copy's lock (from then on no deletion takes the copy from under it); the store keeps the copy,
 * in no transaction (with S3, the upload); the row records it. A file already copied (an emoji
 * used again, an author's avatar on each of their messages) is not downloaded again, and the
 * archive's other rows of the link take it with the first (or fail with it). Every change bumps
 * the archive's revision: pages show the copy at once. Why a copy failed is kept as one of
 * {@link CopyFailures}, which visitors read; the details go to the log.
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

    /** How naming or recording a copy went. */
    private enum Recorded {
        /** The row refers to the copy, which the store holds. */
        YES,
        /** The row names the copy, which the store is yet to keep. */
        NAMED,
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
    private final StoredCopies copies;
    private final MediaProperties settings;
    private final MediaDownload download;
    private final MediaMirror mirror;
    private final Tika tika = new Tika();
    private final Counter copied;
    private final Counter failed;

    /** @param mirror where each link's file is downloaded from; the copy is filed under the link */
    public MediaCopier(JdbcTemplate jdbc, TransactionTemplate transactions, MediaStore store, MediaProperties settings,
            MeterRegistry meters, MediaMirror mirror) {
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.transactions = transactions;
        this.store = store;
        this.copies = new StoredCopies(jdbc, store);
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
            // One archive per transaction: the job never holds one archive's row while it waits for
            // another's, so it cannot deadlock with a batch storing messages of both.
            for (long archive : changed) {
                transactions.executeWithoutResult(status -> {
                    jdbc.update("UPDATE archive SET revision = revision + 1 WHERE id = ?", archive);
                    ArchiveChanges.announce(jdbc, List.of(archive));
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

    /** Takes due rows under a lease: as long as a download and an upload to the store may take, and as much again. */
    private List<Due> claim() {
        Duration lease = settings.timeout().multipliedBy(4);
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
        if (!pending(row)) {
            return false;   // another row of the link shared its copy or its failure meanwhile
        }
        List<Copy> earlier = jdbc.query("""
                SELECT media_key, content_type, size FROM archive_media WHERE url = ? AND state = 'stored' LIMIT 1""",
                (rs, n) -> new Copy(rs.getString("media_key"), rs.getString("content_type"), rs.getLong("size")),
                row.url());
        if (!earlier.isEmpty()) {
            Recorded reused = name(row, earlier.getFirst(), true);
            if (reused != Recorded.NO_COPY) {
                return done(row, reused, earlier.getFirst());
            }
        }
        List<String> givenUp = jdbc.queryForList("""
                SELECT error FROM archive_media WHERE url = ? AND archive_id = ? AND state = 'failed' LIMIT 1""",
                String.class, row.url(), row.archiveId());
        if (!givenUp.isEmpty()) {
            return failed(row, givenUp.getFirst(), "the link failed for good for another message of the archive", false);
        }
        MediaUpload upload;
        try {
            upload = store.upload();
        } catch (IOException e) {
            return notStored(row, e);
        }
        try {
            var bytes = new Fingerprint(upload);
            MediaDownload.Outcome outcome = download.fetch(mirror.of(row.url()), bytes);
            if (outcome instanceof MediaDownload.Failed f) {
                return failed(row, f.reason(), f.detail(), f.retry());
            }
            bytes.close();
            Copy copy = new Copy(bytes.key(), tika.detect(bytes.head()), bytes.size());
            Recorded named = name(row, copy, false);
            if (named != Recorded.NAMED) {
                return done(row, named, copy);
            }
            upload.keep(copy.key(), copy.contentType(), copy.size());
            Recorded recorded = record(row, copy);
            if (recorded == Recorded.ROW_GONE) {
                // Removed while the store kept it: the removal may have looked before the copy was there.
                release(List.of(copy.key()));
            }
            return done(row, recorded, copy);
        } catch (IOException | UncheckedIOException e) {
            return notStored(row, e);
        } finally {
            upload.discard();
        }
    }

    private boolean pending(Due row) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT FROM archive_media
                               WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending')""",
                Boolean.class, row.archiveId(), row.messageId(), row.url()));
    }

    private boolean done(Due row, Recorded recorded, Copy copy) {
        if (recorded == Recorded.OVER_CAP) {
            return failed(row, CopyFailures.archiveFull(settings.maxArchiveSize()), "the archive's copies would pass "
                    + settings.maxArchiveSize().toBytes() + " bytes (MILK_MEDIA_MAX_ARCHIVE_SIZE)", false);
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
            copied.increment(1 + shareWithSiblings(row, copy));
            return true;
        }
        return false;
    }

    /**
     * The same link's other rows of the archive (an author's avatar, a row for each of their
     * messages) take the stored copy at once, not one claim each. Never waiting, so never in a
     * deadlock: the rows free to lock, then the copy's lock as naming takes it (busy, the rows are
     * left to their claims), and only while a row still refers to the copy, so the store holds it.
     * A row a download has named a copy on is that download's to finish.
     *
     * @return how many rows took the copy
     */
    private int shareWithSiblings(Due row, Copy copy) {
        Integer shared = transactions.execute(status -> {
            List<Long> siblings = jdbc.queryForList("""
                    SELECT message_id FROM archive_media
                    WHERE url = ? AND archive_id = ? AND state = 'pending' AND media_key IS NULL
                    FOR UPDATE SKIP LOCKED""", Long.class, row.url(), row.archiveId());
            if (siblings.isEmpty() || MediaLocks.tryLock(jdbc, List.of(copy.key())).isEmpty()) {
                return 0;
            }
            return jdbc.update("""
                    UPDATE archive_media SET state = 'stored', media_key = ?, content_type = ?, size = ?, error = NULL
                    WHERE archive_id = ? AND url = ? AND message_id = ANY (?::bigint[])
                      AND EXISTS (SELECT FROM archive_media WHERE media_key = ? AND state = 'stored')""",
                    copy.key(), copy.contentType(), copy.size(), row.archiveId(), row.url(),
                    siblings.toArray(Long[]::new), copy.key());
        });
        return shared == null ? 0 : shared;
    }

    /**
     * Names the copy on the row, in a transaction holding the copy's lock ({@link MediaLocks}) and
     * calling no store: from then on the row is one of the copy's references, so no deletion
     * takes the copy, however long the store takes to keep it. When another row refers to it
     * already (so the store holds it), the row records it at once. A row removed meanwhile (a
     * takedown, a redaction) names nothing.
     *
     * @param reusing a copy made for another row, not downloaded: without another row referring
     *                to it, it may be gone
     */
    private Recorded name(Due row, Copy copy, boolean reusing) {
        for (int tries = 1; ; tries++) {
            List<String> before = new ArrayList<>();
            Recorded named = transactions.execute(status -> {
                before.addAll(jdbc.query("""
                        UPDATE archive_media m SET media_key = ?
                        FROM (SELECT archive_id, message_id, url, media_key FROM archive_media
                              WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending' FOR UPDATE) AS was
                        WHERE (m.archive_id, m.message_id, m.url) = (was.archive_id, was.message_id, was.url)
                        RETURNING was.media_key""", (rs, n) -> rs.getString("media_key"),
                        copy.key(), row.archiveId(), row.messageId(), row.url()));
                if (before.isEmpty()) {
                    return Recorded.ROW_GONE;
                }
                if (MediaLocks.tryLock(jdbc, List.of(copy.key())).isEmpty()) {
                    status.setRollbackOnly();
                    return Recorded.BUSY;
                }
                boolean referred = Boolean.TRUE.equals(jdbc.queryForObject("""
                        SELECT EXISTS (SELECT FROM archive_media WHERE media_key = ? AND state = 'stored'
                                       AND (archive_id, message_id, url) <> (?, ?, ?))""", Boolean.class,
                        copy.key(), row.archiveId(), row.messageId(), row.url()));
                Recorded recorded = referred ? stored(row, copy, !reusing) : reusing ? Recorded.NO_COPY : Recorded.NAMED;
                if (recorded != Recorded.YES && recorded != Recorded.NAMED) {
                    status.setRollbackOnly();
                }
                return recorded;
            });
            if (named == Recorded.YES || named == Recorded.NAMED) {
                // A key an earlier attempt named, of other bytes (the link now serves another file): no longer this row's.
                release(before.stream().filter(key -> !copy.key().equals(key)).toList());
            }
            if (named != Recorded.BUSY || tries == LOCK_TRIES) {
                return named;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Recorded.BUSY;
            }
        }
    }

    /** Records the copy the store now keeps; the row names it, so no deletion took it meanwhile. */
    private Recorded record(Due row, Copy copy) {
        return transactions.execute(status -> {
            Recorded recorded = stored(row, copy, true);
            if (recorded != Recorded.YES) {
                status.setRollbackOnly();
            }
            return recorded;
        });
    }

    /** The row that names the copy as stored, a new copy counted against the archive's cap. */
    private Recorded stored(Due row, Copy copy, boolean counted) {
        int n = jdbc.update("""
                UPDATE archive_media SET state = 'stored', content_type = ?, size = ?, error = NULL
                WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending' AND media_key = ?""",
                copy.contentType(), copy.size(), row.archiveId(), row.messageId(), row.url(), copy.key());
        if (n == 0) {
            return Recorded.ROW_GONE;
        }
        return counted && overCap(row) ? Recorded.OVER_CAP : Recorded.YES;
    }

    /**
     * Whether the archive's copies, this one counted, pass the cap: under the archive's own lock,
     * which only copiers take, so copies of one archive made at once are counted one at a time.
     * Each copy counts once, however many messages show it: an author's avatar on 1,000 messages
     * is one file.
     */
    private boolean overCap(Due row) {
        jdbc.query("SELECT pg_advisory_xact_lock(?, ?)", rs -> { }, ARCHIVE_COPIES, Long.hashCode(row.archiveId()));
        Long used = jdbc.queryForObject("""
                SELECT coalesce(sum(size), 0) FROM (SELECT DISTINCT ON (media_key) size FROM archive_media
                                                    WHERE archive_id = ? AND state = 'stored') copies""",
                Long.class, row.archiveId());
        return used != null && used > settings.maxArchiveSize().toBytes();
    }

    /** The store failed (full, out of reach, out of time): Milk's own failure, tried again like a download's. */
    private boolean notStored(Due row, Exception e) {
        return failed(row, CopyFailures.NOT_STORED, "could not store the copy: " + e, true);
    }

    /**
     * Keeps why, and when to try again; the row no longer names a copy. Visitors read
     * {@code reason}; the log says {@code detail}, with the ids, never the content.
     */
    private boolean failed(Due row, String reason, String detail, boolean retry) {
        boolean last = !retry || row.attempts() >= settings.attempts();
        Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(row.attempts() - 1, 20));
        List<String> named = jdbc.query("""
                UPDATE archive_media m SET state = ?, error = ?, next_attempt_at = ?, media_key = NULL
                FROM (SELECT archive_id, message_id, url, media_key FROM archive_media
                      WHERE archive_id = ? AND message_id = ? AND url = ? AND state = 'pending' FOR UPDATE) AS was
                WHERE (m.archive_id, m.message_id, m.url) = (was.archive_id, was.message_id, was.url)
                RETURNING was.media_key""", (rs, n) -> rs.getString("media_key"),
                last ? "failed" : "pending", reason, new Timestamp(System.currentTimeMillis() + wait.toMillis()),
                row.archiveId(), row.messageId(), row.url());
        release(named);
        if (last) {
            failed.increment(1 + (named.isEmpty() ? 0 : failSiblings(row, reason)));
        }
        log.warn("copying a medium of archive {}, message {} failed (attempt {} of {}, {}): {}", row.archiveId(),
                row.messageId(), row.attempts(), settings.attempts(), named.isEmpty() ? "no longer archived"
                        : last ? "given up" : "to be tried again", detail);
        return last;
    }

    /**
     * The same link's other pending rows of the archive fail with it, for the same reason: a dead
     * avatar on 1,000 messages is one request to the CDN, not 1,000 (rows queued later fail as
     * their turn comes, {@link #copy}). Rows another writer holds, or a download has named a copy
     * on, are left to finish as they will.
     *
     * @return how many rows failed with it
     */
    private int failSiblings(Due row, String reason) {
        return jdbc.update("""
                UPDATE archive_media m SET state = 'failed', error = ?
                FROM (SELECT archive_id, message_id, url FROM archive_media
                      WHERE url = ? AND archive_id = ? AND state = 'pending' AND media_key IS NULL
                      FOR UPDATE SKIP LOCKED) AS sibling
                WHERE (m.archive_id, m.message_id, m.url) = (sibling.archive_id, sibling.message_id, sibling.url)""",
                reason, row.url(), row.archiveId());
    }

    /**
     * Copies no row may refer to any more, released in a transaction of their own, after the one
     * that stopped naming them: one that held the row while waiting for a copy's lock could wait
     * for a removal that waits for the row.
     */
    private void release(List<String> keys) {
        List<String> named = keys.stream().filter(Objects::nonNull).toList();
        if (!named.isEmpty()) {
            transactions.executeWithoutResult(status -> copies.deleteUnreferenced(named));
        }
    }

    @Override
    public void close() {
        download.close();
    }
}
