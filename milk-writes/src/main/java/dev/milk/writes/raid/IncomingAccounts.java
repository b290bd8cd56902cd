package dev.milk.writes.raid;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.postgresql.util.PSQLState;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.writes.store.BinaryCopy;

/**
 * The one way accounts enter {@code raid_user}, keeping each raid's count and start.
 *
 * <p>A first delivery cannot conflict, so its accounts are copied straight into the table under a
 * savepoint (one write of each row). Only when that raises a conflict (a redelivery, or an account
 * sent twice) are they staged in the session's {@code incoming_raid_user} table and moved in with a
 * single statement that skips those already stored (two writes of each row). Measured on 1,000,000
 * accounts: BENCHMARKS.md. Both copies are binary ({@link BinaryCopy}): no date or number is
 * formatted as text and parsed back. The import of the original Milk's database stages its rows directly.
 */
public final class IncomingAccounts {

    public static final String TABLE = "incoming_raid_user";
    public static final String COLUMNS = "(raid_id, user_id, name, avatar_hash, created_at, joined_at)";
    private static final int COLUMN_COUNT = 6;

    private IncomingAccounts() {
    }

    /**
     * Stores the accounts of each raid (by its key), in the caller's transaction.
     *
     * @return how many of them were new
     */
    static long store(JdbcTemplate jdbc, Map<Long, List<RaidAccount>> byRaid) {
        return jdbc.execute((ConnectionCallback<Long>) connection -> {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                BinaryCopy.into(connection, "COPY raid_user " + COLUMNS, COLUMN_COUNT, copy -> write(copy, byRaid));
                connection.releaseSavepoint(beforeCopy);
            } catch (SQLException e) {
                if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeCopy);
                return staged(jdbc, connection, byRaid);
            }
            return counted(jdbc, byRaid);
        });
    }

    private static long staged(JdbcTemplate jdbc, Connection connection, Map<Long, List<RaidAccount>> byRaid)
            throws SQLException {
        prepare(jdbc);
        BinaryCopy.into(connection, "COPY " + TABLE + " " + COLUMNS, COLUMN_COUNT, copy -> write(copy, byRaid));
        long stored = store(jdbc);
        // The staging rows go with the commit; a batch's next run must not find these.
        jdbc.update("DELETE FROM " + TABLE);
        return stored;
    }

    private static void write(BinaryCopy copy, Map<Long, List<RaidAccount>> byRaid) throws SQLException {
        for (var raid : byRaid.entrySet()) {
            long raidKey = raid.getKey();
            for (RaidAccount account : raid.getValue()) {
                copy.row().value(raidKey).value(account.id()).value(account.name()).value(account.avatarHash())
                        .value(account.createdAt()).value(account.joinedAt());
            }
        }
    }

    /** After a copy without conflict every account was new: the counts are known without a query. */
    private static long counted(JdbcTemplate jdbc, Map<Long, List<RaidAccount>> byRaid) {
        Long[] ids = byRaid.keySet().toArray(Long[]::new);
        Long[] counts = byRaid.values().stream().map(accounts -> (long) accounts.size()).toArray(Long[]::new);
        Long[] firstJoins = byRaid.values().stream().map(accounts -> accounts.stream().map(RaidAccount::joinedAt)
                .min(Instant::compareTo).map(Instant::toEpochMilli).orElse(null)).toArray(Long[]::new);
        // A raid starts when its first account joined, which is before the bot noticed it.
        jdbc.update("""
                UPDATE raid SET user_count = raid.user_count + c.n,
                                started_at = least(raid.started_at, milk_millis(c.first_join))
                FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS c (id, n, first_join)
                WHERE raid.id = c.id""", ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("bigint", ids));
            ps.setArray(2, connection.createArrayOf("bigint", counts));
            ps.setArray(3, connection.createArrayOf("bigint", firstJoins));
        });
        return byRaid.values().stream().mapToLong(List::size).sum();
    }

    /** The staging table of this session (emptied at every commit), created if missing. */
    public static void prepare(JdbcTemplate jdbc) {
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_raid_user (
                    raid_id bigint, user_id bigint, name text, avatar_hash text,
                    created_at timestamptz, joined_at timestamptz,
                    arrival bigint GENERATED ALWAYS AS IDENTITY   -- the first delivery of an account wins
                ) ON COMMIT DELETE ROWS""");
    }

    /** Moves the staged accounts in, skipping those already stored; @return how many were new */
    public static long store(JdbcTemplate jdbc) {
        Long stored = jdbc.queryForObject("""
                WITH inserted AS (
                    INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                    SELECT raid_id, user_id, name, avatar_hash, created_at, joined_at FROM incoming_raid_user
                    ORDER BY arrival
                    ON CONFLICT DO NOTHING
                    RETURNING raid_id
                ), counts AS (
                    SELECT raid_id, count(*) AS n FROM inserted GROUP BY raid_id
                ), first_joins AS (
                    SELECT raid_id, min(joined_at) AS first_join FROM incoming_raid_user GROUP BY raid_id
                ), counted AS (
                    -- A raid starts when its first account joined, which is before the bot noticed it.
                    UPDATE raid SET user_count = raid.user_count + coalesce(counts.n, 0),
                                    started_at = least(raid.started_at, first_joins.first_join)
                    FROM first_joins LEFT JOIN counts USING (raid_id)
                    WHERE raid.id = first_joins.raid_id
                )
                SELECT coalesce(sum(n), 0) FROM counts""", Long.class);
        return stored == null ? 0 : stored;
    }
}
