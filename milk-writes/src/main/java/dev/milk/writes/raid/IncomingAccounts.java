package dev.milk.writes.raid;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way accounts enter {@code raid_user}: rows staged in the session's
 * {@code incoming_raid_user} table (by COPY, a million rows being one statement) move in with a
 * single statement that skips accounts already stored and keeps each raid's count and start.
 * The writer and the import of the original Milk's database both go through it.
 */
public final class IncomingAccounts {

    public static final String TABLE = "incoming_raid_user";

    private IncomingAccounts() {
    }

    /** The staging table of this session (emptied at every commit), created if missing. */
    public static void prepare(JdbcTemplate jdbc) {
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_raid_user (
                    raid_id bigint, user_id bigint, name text, avatar_hash text,
                    created_at timestamptz, joined_at timestamptz
                ) ON COMMIT DELETE ROWS""");
    }

    /** @return how many of the staged accounts were new */
    public static long store(JdbcTemplate jdbc) {
        Long stored = jdbc.queryForObject("""
                WITH inserted AS (
                    INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                    SELECT raid_id, user_id, name, avatar_hash, created_at, joined_at FROM incoming_raid_user
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
