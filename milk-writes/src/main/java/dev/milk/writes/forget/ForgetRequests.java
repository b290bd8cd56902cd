package dev.milk.writes.forget;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The {@code user_forget} rows (mapped for reads by {@code dev.milk.access.UserForget}), written
 * here on JDBC in the batch's transaction: one per request however often it is delivered.
 *
 * <p>A forget and the records of other partitions are applied by concurrent transactions, which
 * see neither the other's rows: a message stored while a forget runs would be missed by both. So a
 * forget holds a transaction lock that every batch taking messages or accounts shares: whichever
 * commits second sees what the first wrote.
 */
public final class ForgetRequests {

    /** The advisory lock between forgets and ingest ("milkforg"). */
    private static final long LOCK = 0x6d696c6b666f7267L;

    private final JdbcTemplate jdbc;

    public ForgetRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Before a batch stores messages or accounts: waits for a forget in progress, until this transaction ends. */
    public void shareLock() {
        jdbc.query("SELECT pg_advisory_xact_lock_shared(?)", rs -> {
        }, LOCK);
    }

    /** Before a forget: waits for the batches storing messages or accounts, until this transaction ends. */
    public void lock() {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> {
        }, LOCK);
    }

    /** Which of the users were forgotten, and where (one indexed query). */
    public Forgotten among(Collection<Long> userIds) {
        Forgotten forgotten = new Forgotten();
        if (!userIds.isEmpty()) {
            jdbc.query("SELECT DISTINCT user_id, guild_id FROM user_forget WHERE user_id = ANY (?)",
                    (RowCallbackHandler) rs -> forgotten.add(rs.getLong("user_id"), rs.getObject("guild_id", Long.class)),
                    (Object) userIds.toArray(Long[]::new));
        }
        return forgotten;
    }

    /** @return the new request's key, or empty when it was recorded before (a redelivery) */
    public Optional<Long> record(Long guildId, long userId, long requestedBy, String reason, Instant now) {
        return jdbc.queryForList("""
                INSERT INTO user_forget (guild_id, user_id, requested_by, reason, requested_at,
                                         archives_changed, messages_changed, raids_changed, accounts_changed)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0)
                ON CONFLICT DO NOTHING RETURNING id""", Long.class,
                guildId, userId, requestedBy, reason, Timestamp.from(now)).stream().findFirst();
    }

    /** What the request changed when it was first applied. */
    public ForgetCounts counts(Long guildId, long userId, long requestedBy, String reason) {
        return jdbc.queryForObject("""
                SELECT archives_changed, messages_changed, raids_changed, accounts_changed FROM user_forget
                WHERE guild_id IS NOT DISTINCT FROM ? AND user_id = ? AND requested_by = ?
                  AND reason IS NOT DISTINCT FROM ?""",
                (rs, n) -> new ForgetCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)),
                guildId, userId, requestedBy, reason);
    }

    public void changed(long request, ForgetCounts counts) {
        jdbc.update("""
                UPDATE user_forget SET archives_changed = ?, messages_changed = ?, raids_changed = ?, accounts_changed = ?
                WHERE id = ?""", counts.archives(), counts.messages(), counts.raids(), counts.accounts(), request);
    }
}
