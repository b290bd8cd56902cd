package dev.milk.writes.raid;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells every reads replica, through PostgreSQL's {@code NOTIFY}, that a guild's raid logs may no
 * longer be public (its {@code guild.access} changed their visibility): they drop their kept
 * pages of those raids at once. Sent when, and only if, the transaction commits.
 */
public final class RaidChanges {

    /** The channel reads replicas listen on ({@code dev.milk.reads.web.ArchiveChangeListener}): a raid's public id. */
    public static final String CHANNEL = "milk_raid_changed";

    private RaidChanges() {
    }

    /** Announces every raid of the guild, each by its public id. */
    public static void announceGuild(JdbcTemplate jdbc, long guildId) {
        jdbc.query("SELECT pg_notify(?, public_id) FROM raid WHERE guild_id = ?", rs -> {
        }, CHANNEL, guildId);
    }
}
