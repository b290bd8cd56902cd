package dev.milk.writes.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;

/**
 * Writes archives' search rows: each message's document and what the operators read, as the view
 * {@code archive_message_search} (V13) defines them. Never on the ingest path (V5): in the
 * background, a live archive a chunk at a time and a sealed one for the rest of its messages.
 *
 * <p>The invariant (V14): every message of an archive up to its {@code search_indexed_through}
 * (all of them once {@code search_indexed_at} is set) has its row, as the view says it now. A
 * writer that adds or changes such a message rewrites its row in its own transaction
 * ({@link #rewrite}), once it holds the archive's row (which it updates, or locks first). A chunk
 * is computed without that lock, so the ingest never waits for the index to be computed; it then
 * takes the lock only to advance {@code search_indexed_through}, rewriting the rows of the chunk's
 * messages a writer changed meanwhile (a row version, {@code xmin}, other than the one it read)
 * and of those added meanwhile. Replicas may race for a chunk: the first to commit wins, the other
 * finds the archive moved on and rolls back.
 */
final class ArchiveSearchIndexer {

    /** The columns of {@code archive_search}, which the view has too. */
    private static final String COLUMNS =
            "archive_id, message_id, document, author, sent_at, has, is_edited, is_removed, is_pinned, mention_ids";
    /**
     * A live archive's messages past its index are searched through the view, about 16 us each:
     * a chunk is due once this many arrived since the last, so that tail stays under ~20 ms.
     */
    private static final int LIVE_CHUNK_MIN = 1_000;
    /** The first number of a live archive's lock while a writer indexes its next chunk ("mliv"). */
    private static final int LIVE_CHUNK_LOCK = 0x6d6c6976;
    /** The most a chunk indexes, so one transaction holds little (a fraction of a second of work). */
    private static final int LIVE_CHUNK_MAX = 5_000;

    /** A sealed archive this large has its index's statistics renewed at once. */
    private static final long ANALYZE_AFTER = 100_000;

    private static final Logger log = LoggerFactory.getLogger(ArchiveSearchIndexer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Counter indexed;
    private final int chunkMin;
    private final int chunkMax;

    ArchiveSearchIndexer(JdbcTemplate jdbc, TransactionTemplate transactions, Counter indexed) {
        this(jdbc, transactions, indexed, LIVE_CHUNK_MIN, LIVE_CHUNK_MAX);
    }

    /** With chunks of other sizes: tests index a few messages at a time. */
    ArchiveSearchIndexer(JdbcTemplate jdbc, TransactionTemplate transactions, Counter indexed, int chunkMin,
            int chunkMax) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.indexed = indexed;
        this.chunkMin = chunkMin;
        this.chunkMax = chunkMax;
    }

    /**
     * Indexes the rest of the longest-sealed archive not indexed yet, in a transaction of its own:
     * what its live chunks wrote is kept.
     *
     * @return how many messages it indexed, or -1 when no archive was due
     */
    long indexOne() {
        Long n = transactions.execute(status -> {
            // Locked first, and read in later statements: a removal committed before the lock is seen.
            List<Long> through = jdbc.query("""
                    SELECT id, coalesce(search_indexed_through, -9223372036854775808) AS through FROM archive
                    WHERE sealed_at IS NOT NULL AND search_indexed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL
                    ORDER BY sealed_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED""", (rs, i) -> List.of(rs.getLong("id"), rs.getLong("through")))
                    .stream().findFirst().orElse(null);
            if (through == null) {
                return -1L;
            }
            long archive = through.get(0);
            int written = jdbc.update("INSERT INTO archive_search (%1$s) SELECT %1$s FROM archive_message_search "
                    .formatted(COLUMNS) + "WHERE archive_id = ? AND message_id > ?", archive, through.get(1));
            jdbc.update("UPDATE archive SET search_indexed_at = now() WHERE id = ?", archive);
            return (long) written;
        });
        long count = n == null ? -1 : n;
        if (count >= 0) {
            indexed.increment();
            log.debug("indexed the last {} messages of a sealed archive for search", count);
        }
        if (count >= ANALYZE_AFTER) {
            // So many rows at once change what the planner should expect of this archive's searches
            // (how common a word or an author is): renewed now rather than when autovacuum next gets to it.
            jdbc.execute("ANALYZE archive_search");
        }
        return count;
    }

    /** A live archive due for a chunk, where its index stood, and its messages then. */
    private record Due(long archive, long through, long messages) {
    }

    /**
     * Indexes the next chunk of the live archive with the most messages past its index, if one has
     * {@link #LIVE_CHUNK_MIN}, in a transaction of its own.
     *
     * @return how many messages it indexed, or -1 when no archive was due (or another replica won)
     */
    long indexLiveChunk() {
        return indexLiveChunk(() -> { });
    }

    /**
     * @param meanwhile run once the chunk is written and before the archive is locked: tests
     *                  change its messages there, as another writer may
     */
    long indexLiveChunk(Runnable meanwhile) {
        Long n = transactions.execute(status -> {
            // Claimed before the work (the most behind that no other writer is indexing): replicas
            // would otherwise all compute the same chunk, and all but the first would throw it away.
            Due due = jdbc.query("""
                    SELECT id, through, search_indexed_count FROM (
                        SELECT id, coalesce(search_indexed_through, -9223372036854775808) AS through,
                               search_indexed_count
                        FROM archive
                        WHERE sealed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL
                          AND (expires_at IS NULL OR expires_at > now())
                          AND message_count - search_indexed_count >= ?
                        ORDER BY message_count - search_indexed_count DESC
                        LIMIT 20) AS behind
                    WHERE pg_try_advisory_xact_lock(?, hashint8(id))
                    LIMIT 1""", (rs, i) -> new Due(rs.getLong("id"), rs.getLong("through"),
                    rs.getLong("search_indexed_count")), chunkMin, LIVE_CHUNK_LOCK).stream().findFirst().orElse(null);
            if (due == null) {
                return -1L;
            }
            // The chunk's rows, and the version of each message they were written from: one snapshot.
            TreeMap<Long, String> versions = new TreeMap<>();
            jdbc.query("""
                    WITH chunk AS (
                        SELECT message_id, xmin::text AS version FROM archive_message
                        WHERE archive_id = ? AND message_id > ? ORDER BY message_id LIMIT ?
                    ), written AS (
                        INSERT INTO archive_search (%1$s)
                        SELECT %1$s FROM archive_message_search
                        WHERE archive_id = ? AND message_id > ? AND message_id <= (SELECT max(message_id) FROM chunk)
                    )
                    SELECT message_id, version FROM chunk""".formatted(COLUMNS),
                    rs -> {
                        versions.put(rs.getLong("message_id"), rs.getString("version"));
                    },
                    due.archive(), due.through(), chunkMax, due.archive(), due.through());
            meanwhile.run();
            // Every writer changing this archive's messages holds its row until it commits: from
            // here on, none is under way, and those to come see where the index now stands.
            Map<String, Object> now = jdbc.queryForList("""
                    SELECT coalesce(search_indexed_through, -9223372036854775808) AS through, message_count,
                           search_indexed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL AS open
                    FROM archive WHERE id = ? FOR UPDATE""", due.archive()).stream().findFirst().orElse(null);
            if (now == null || !(Boolean) now.get("open") || ((Number) now.get("through")).longValue() != due.through()) {
                status.setRollbackOnly();
                return -1L;
            }
            long messages = ((Number) now.get("message_count")).longValue();
            if (versions.isEmpty()) {
                jdbc.update("UPDATE archive SET search_indexed_count = ? WHERE id = ?", messages, due.archive());
                return 0L;
            }
            long through = versions.lastKey();
            boolean rest = versions.size() < chunkMax;
            jdbc.update("UPDATE archive SET search_indexed_through = ?, search_indexed_count = ? WHERE id = ?",
                    through, rest ? messages : Math.min(messages, due.messages() + versions.size()), due.archive());
            Long[] changed = jdbc.queryForList("""
                    SELECT m.message_id FROM archive_message m
                    WHERE m.archive_id = ? AND m.message_id > ? AND m.message_id <= ?
                      AND NOT EXISTS (SELECT FROM unnest(?::bigint[], ?::text[]) AS read (id, version)
                                      WHERE read.id = m.message_id AND read.version = m.xmin::text)""", Long.class,
                    due.archive(), due.through(), through, versions.keySet().toArray(Long[]::new),
                    versions.values().toArray(String[]::new)).toArray(Long[]::new);
            if (changed.length > 0) {
                rewrite(jdbc, due.archive(), changed);
            }
            return (long) versions.size();
        });
        long count = n == null ? -1 : n;
        if (count > 0) {
            log.debug("indexed {} messages of a live archive for search", count);
        }
        return count;
    }

    /**
     * Writes again the search rows of these messages, in the caller's transaction, which holds the
     * archive's row: those the index covers ({@code search_indexed_through}, or all once sealed and
     * indexed) get their row as the view says it now, the others none.
     */
    static void rewrite(JdbcTemplate jdbc, long archive, Long[] messageIds) {
        jdbc.update("""
                WITH gone AS (DELETE FROM archive_search WHERE archive_id = ? AND message_id = ANY (?))
                INSERT INTO archive_search (%1$s)
                SELECT %1$s FROM archive_message_search v
                WHERE v.archive_id = ? AND v.message_id = ANY (?)
                  AND EXISTS (SELECT FROM archive a WHERE a.id = ?
                              AND (a.search_indexed_at IS NOT NULL OR v.message_id <= a.search_indexed_through))"""
                .formatted(COLUMNS), archive, messageIds, archive, messageIds, archive);
    }

    /** {@link #rewrite} for messages of several archives, given as parallel arrays. */
    static void rewrite(JdbcTemplate jdbc, Long[] archives, Long[] messageIds) {
        Map<Long, List<Long>> byArchive = new TreeMap<>();
        for (int i = 0; i < archives.length; i++) {
            byArchive.computeIfAbsent(archives[i], a -> new ArrayList<>()).add(messageIds[i]);
        }
        byArchive.forEach((archive, ids) -> rewrite(jdbc, archive, ids.toArray(Long[]::new)));
    }
}
