package dev.milk.writes.forget;

import java.util.Collection;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.UserForget;

/**
 * Forgets a user in raid logs: the account's name and avatar go, its id, creation and join times
 * stay, the evidence a ban rests on. A changed raid's revision is bumped and every reads replica
 * told ({@code milk_raid_changed}, the raid's public id), so no kept page shows the name.
 */
public final class RaidForgetting {

    /** The channel reads replicas listen on for changed raids. */
    public static final String CHANNEL = "milk_raid_changed";

    /** The raids changed, and how many of their accounts. */
    public record Changed(int raids, int accounts) {
    }

    private final JdbcTemplate jdbc;

    public RaidForgetting(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param guildId null: every guild */
    public Changed forget(Long guildId, long userId) {
        // Every raid of the user, found by raid_user_by_user (V11).
        return jdbc.queryForObject("""
                WITH changed AS (
                    UPDATE raid_user u SET name = ?, avatar_hash = NULL
                    FROM raid r
                    WHERE u.raid_id = r.id AND u.user_id = ? AND (r.guild_id = ? OR ?::bigint IS NULL)
                      AND (u.name <> ? OR u.avatar_hash IS NOT NULL)
                    RETURNING u.raid_id
                ), bumped AS (
                    UPDATE raid SET revision = revision + 1 WHERE id IN (SELECT raid_id FROM changed)
                    RETURNING public_id
                )
                SELECT (SELECT count(*) FROM (SELECT pg_notify(?, public_id) FROM bumped) AS notified),
                       (SELECT count(*) FROM changed)""",
                (rs, n) -> new Changed(rs.getInt(1), rs.getInt(2)),
                UserForget.DELETED_USER, userId, guildId, guildId, UserForget.DELETED_USER, CHANNEL);
    }

    /**
     * Forgets the forgotten users among accounts just stored in the raids (late records): one
     * statement, led by the few forget requests.
     */
    public void forgetLateAccounts(Collection<Long> raidKeys) {
        jdbc.update("""
                UPDATE raid_user u SET name = ?, avatar_hash = NULL
                FROM user_forget f, raid r
                WHERE r.id = ANY (?) AND u.raid_id = r.id AND u.user_id = f.user_id
                  AND (f.guild_id IS NULL OR f.guild_id = r.guild_id)
                  AND (u.name <> ? OR u.avatar_hash IS NOT NULL)""",
                UserForget.DELETED_USER, raidKeys.toArray(Long[]::new), UserForget.DELETED_USER);
    }
}
