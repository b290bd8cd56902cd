package dev.milk.media;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each copy's lock, named by its key: a transaction-scoped PostgreSQL advisory lock. Every
 * transaction that records a row referring to a copy, deletes a copy, or moves one holds the
 * copy's lock from before it looks at the copy's references until it commits. So a removal that
 * finds a copy unreferenced cannot delete it under a row that another archive is recording at the
 * same moment: one of the two waits, and then sees what the other committed.
 */
public final class MediaLocks {

    /** The first of the lock's two numbers, Milk's media copies ("milk"); the second comes from the key. */
    private static final int MEDIA = 0x6d696c6b;
    private static final String LOCK_ID = "('x' || left(k, 8))::bit(32)::int";

    private MediaLocks() {
    }

    /**
     * Waits for the locks of {@code keys} (nulls and repeats allowed), in one order for every
     * transaction, so two removals never wait for each other. For removals, which must happen;
     * a copier tries instead ({@link #tryLock}) and comes back later.
     */
    public static void lock(JdbcTemplate jdbc, Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.query("""
                    SELECT pg_advisory_xact_lock(?, id)
                    FROM (SELECT DISTINCT %s AS id FROM unnest(?::text[]) AS k WHERE k IS NOT NULL ORDER BY 1) AS ids"""
                    .formatted(LOCK_ID), rs -> { }, MEDIA, keys.toArray(String[]::new));
        }
    }

    /** Of {@code keys}, those whose locks were free, now held until the transaction ends. */
    public static List<String> tryLock(JdbcTemplate jdbc, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("""
                SELECT k FROM (SELECT DISTINCT k FROM unnest(?::text[]) AS k WHERE k IS NOT NULL) AS keys
                WHERE pg_try_advisory_xact_lock(?, %s)""".formatted(LOCK_ID), String.class,
                keys.toArray(String[]::new), MEDIA);
    }
}
