package dev.milk.writes.access;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.Visibility;
import dev.milk.writes.archive.ArchiveChanges;
import dev.milk.writes.archive.ArchiveCommand;
import dev.milk.writes.raid.RaidChanges;

/**
 * A guild's staff roles and defaults ({@code guild.access}), in the caller's transaction: the
 * latest wins, and a repeated one changes nothing (not even who set it last, so a redelivery leaves
 * the row as it was). When the archives' default changes, every archive of the guild that has no
 * visibility of its own reads differently: their revisions are bumped and every reads replica drops
 * their kept pages; when the raids' default changes, the replicas drop the guild's raid pages.
 *
 * <p>Plain JDBC, not the {@code GuildAccess} aggregate: the batch's other writes are JDBC in the same
 * transaction, and one upsert is both the write and the redelivery's check.
 */
public final class GuildAccessChanges {

    private final JdbcTemplate jdbc;

    public GuildAccessChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Settings(List<Long> staffRoleIds, Visibility archives, Visibility raids) {

        /** A guild without a row: nobody is staff, everything is public. */
        static final Settings NONE = new Settings(List.of(), Visibility.PUBLIC, Visibility.PUBLIC);
    }

    public void change(ArchiveCommand.ChangeGuildAccess change, Instant now) {
        Settings next = new Settings(change.staffRoleIds(), orPublic(change.archives()), orPublic(change.raids()));
        Settings previous = jdbc.query("""
                SELECT staff_role_ids, archive_visibility, archive_visibility_role_ids, raid_visibility,
                       raid_visibility_role_ids
                FROM guild_access WHERE guild_id = ? FOR UPDATE""", rs -> rs.next()
                ? new Settings(List.of(longs(rs.getArray("staff_role_ids"))),
                        Visibility.of(rs.getString("archive_visibility"), longs(rs.getArray("archive_visibility_role_ids"))),
                        Visibility.of(rs.getString("raid_visibility"), longs(rs.getArray("raid_visibility_role_ids"))))
                : null, change.guildId());
        if (next.equals(previous)) {
            return;
        }
        Settings before = previous == null ? Settings.NONE : previous;
        jdbc.update("""
                INSERT INTO guild_access (guild_id, staff_role_ids, archive_visibility, archive_visibility_role_ids,
                                          raid_visibility, raid_visibility_role_ids, changed_by, changed_at)
                VALUES (?, ?::bigint[], ?, ?::bigint[], ?, ?::bigint[], ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET staff_role_ids = excluded.staff_role_ids,
                    archive_visibility = excluded.archive_visibility,
                    archive_visibility_role_ids = excluded.archive_visibility_role_ids,
                    raid_visibility = excluded.raid_visibility, raid_visibility_role_ids = excluded.raid_visibility_role_ids,
                    changed_by = excluded.changed_by, changed_at = excluded.changed_at""",
                change.guildId(), next.staffRoleIds().toArray(Long[]::new), next.archives().mode().wireName(),
                next.archives().roleIdColumn(), next.raids().mode().wireName(), next.raids().roleIdColumn(),
                change.by(), Timestamp.from(now));
        if (!next.archives().equals(before.archives())) {
            List<Long> archives = jdbc.queryForList("""
                    UPDATE archive SET revision = revision + 1 WHERE guild_id = ? AND visibility IS NULL RETURNING id""",
                    Long.class, change.guildId());
            ArchiveChanges.announce(jdbc, archives);
        }
        if (!next.raids().equals(before.raids())) {
            RaidChanges.announceGuild(jdbc, change.guildId());
        }
    }

    private static Visibility orPublic(Visibility visibility) {
        return visibility == null ? Visibility.PUBLIC : visibility;
    }

    private static Long[] longs(Array array) throws SQLException {
        return array == null ? null : (Long[]) array.getArray();
    }
}
