package dev.milk.reads.raid;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Repeat raiders, across a guild's raids (for its staff alone): which of a raid's accounts were in
 * the guild's earlier raids, and the accounts two raids share. Each account of the raid is looked up
 * by its user id ({@code raid_user_by_user}), never by reading the other raids whole.
 */
final class RaidRepeats {

    /** The earlier raids a page lists, newest first: a guild raided daily for years still gets one page. */
    static final int MAX_EARLIER_RAIDS = 200;

    /** @param shared how many of the raid's accounts were in this one */
    record EarlierRaid(String publicId, String guildName, Instant startedAt, long size, long shared) {
    }

    /**
     * @param accounts how many of the raid's accounts were in at least one earlier raid
     * @param raids    the earlier raids sharing accounts with it, newest first, at most {@link #MAX_EARLIER_RAIDS}
     */
    record Repeats(long accounts, List<EarlierRaid> raids) {
    }

    /** An account of both raids, with its join time in each. */
    record SharedAccount(long id, String name, String avatarHash, Instant joinedHere, Instant joinedThere) {
    }

    private final JdbcClient jdbc;

    RaidRepeats(DataSource readsDataSource) {
        this.jdbc = JdbcClient.create(readsDataSource);
    }

    Repeats of(RaidSummary raid) {
        // The guild's raids before this one (by start, then row id), read first and passed as an
        // array: PostgreSQL then reads their accounts by raid (raid_user_pkey) or probes each of
        // this raid's accounts by user (raid_user_by_user), whichever is fewer rows. Given as a
        // subquery instead, it hashed the whole of raid_user, every guild's: 1.3 s against 0.14 s for
        // a raid of 100,000 among 2,240,000 accounts.
        Long[] earlier = jdbc.sql("SELECT id FROM raid WHERE guild_id = :guild AND (started_at, id) < (:startedAt, :raid)")
                .param("guild", raid.guildId()).param("startedAt", raid.startedAt().atOffset(ZoneOffset.UTC))
                .param("raid", raid.key()).query(Long.class).list().toArray(Long[]::new);
        if (earlier.length == 0) {
            return new Repeats(0, List.of());
        }
        long accounts = jdbc.sql("""
                SELECT count(*) FROM raid_user mine WHERE mine.raid_id = :raid AND EXISTS (
                    SELECT 1 FROM raid_user theirs WHERE theirs.user_id = mine.user_id AND theirs.raid_id = ANY(:earlier))""")
                .param("raid", raid.key()).param("earlier", earlier).query(Long.class).single();
        List<EarlierRaid> raids = accounts == 0 ? List.of() : jdbc.sql("""
                SELECT r.public_id, r.guild_name, r.started_at, r.user_count, s.shared
                FROM (SELECT theirs.raid_id, count(*) AS shared
                      FROM raid_user mine JOIN raid_user theirs ON theirs.user_id = mine.user_id
                      WHERE mine.raid_id = :raid AND theirs.raid_id = ANY(:earlier)
                      GROUP BY theirs.raid_id) s
                JOIN raid r ON r.id = s.raid_id
                ORDER BY r.started_at DESC, r.id DESC LIMIT :limit""")
                .param("raid", raid.key()).param("earlier", earlier).param("limit", MAX_EARLIER_RAIDS + 1)
                .query((rs, n) -> new EarlierRaid(rs.getString("public_id"), rs.getString("guild_name"),
                        RaidQueries.instant(rs, "started_at"), rs.getLong("user_count"), rs.getLong("shared")))
                .list();
        return new Repeats(accounts, raids);
    }

    /** How many accounts both raids hold. */
    long sharedCount(RaidSummary raid, RaidSummary other) {
        return jdbc.sql("""
                SELECT count(*) FROM raid_user mine JOIN raid_user theirs
                ON theirs.raid_id = :other AND theirs.user_id = mine.user_id WHERE mine.raid_id = :raid""")
                .param("raid", raid.key()).param("other", other.key()).query(Long.class).single();
    }

    /** The first {@code limit} accounts both raids hold, in this raid's listing order. */
    List<SharedAccount> shared(RaidSummary raid, RaidSummary other, int limit) {
        return jdbc.sql("""
                SELECT mine.user_id, mine.name, mine.avatar_hash, mine.joined_at, theirs.joined_at AS joined_there
                FROM raid_user mine JOIN raid_user theirs ON theirs.raid_id = :other AND theirs.user_id = mine.user_id
                WHERE mine.raid_id = :raid ORDER BY mine.joined_at, mine.user_id LIMIT :limit""")
                .param("raid", raid.key()).param("other", other.key()).param("limit", limit)
                .query((rs, n) -> new SharedAccount(rs.getLong("user_id"), rs.getString("name"),
                        rs.getString("avatar_hash"), RaidQueries.instant(rs, "joined_at"),
                        RaidQueries.instant(rs, "joined_there")))
                .list();
    }
}
