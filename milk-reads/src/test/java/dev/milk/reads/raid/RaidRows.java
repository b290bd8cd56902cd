package dev.milk.reads.raid;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A raid's rows as the writer stores them, column by column: accounts joining from {@link #START}. */
final class RaidRows {

    static final Instant START = Instant.parse("2025-11-23T12:00:00Z");
    static final long GUILD = 81384788765712384L;

    private final JdbcClient jdbc;
    final long key;
    final String publicId;

    private RaidRows(JdbcClient jdbc, long key, String publicId) {
        this.jdbc = jdbc;
        this.key = key;
        this.publicId = publicId;
    }

    /** A raid still going on. */
    static RaidRows create(JdbcClient jdbc) {
        return create(jdbc, GUILD, START);
    }

    /** A raid of {@code guild} still going on, started at {@code startedAt} (its accounts still join from {@link #START}). */
    static RaidRows create(JdbcClient jdbc, long guild, Instant startedAt) {
        String publicId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long key = jdbc.sql("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at)
                VALUES (:internalId, :publicId, :guild, :startedAt) RETURNING id""")
                .param("internalId", "bot-" + publicId)
                .param("publicId", publicId)
                .param("guild", guild)
                .param("startedAt", startedAt.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        return new RaidRows(jdbc, key, publicId);
    }

    /** Account {@code userId}, {@code ageDays} old, joined {@code second} seconds after {@link #START}. */
    RaidRows joined(long userId, String name, int second, int ageDays) {
        return joined(userId, name, null, second, ageDays);
    }

    /** As {@link #joined(long, String, int, int)}, with an avatar. */
    RaidRows joined(long userId, String name, String avatarHash, int second, int ageDays) {
        Instant joined = START.plusSeconds(second);
        jdbc.sql("""
                INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                VALUES (:raid, :user, :name, :avatar, :createdAt, :joinedAt)""")
                .param("raid", key)
                .param("user", userId)
                .param("name", name)
                .param("avatar", avatarHash)
                .param("createdAt", joined.minusSeconds(86_400L * ageDays).atOffset(ZoneOffset.UTC))
                .param("joinedAt", joined.atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("UPDATE raid SET user_count = user_count + 1 WHERE id = :raid").param("raid", key).update();
        return this;
    }

    /** {@code count} accounts, three joining each second, ids falling as they join: the order is the query's work. */
    RaidRows crowd(int count) {
        jdbc.sql("""
                INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                SELECT :raid, 1000000 - n, 'user' || n, NULL, :start - interval '1 day',
                       :start + (n / 3) * interval '1 second'
                FROM generate_series(0, :count - 1) AS n""")
                .param("raid", key)
                .param("start", START.atOffset(ZoneOffset.UTC))
                .param("count", count)
                .update();
        jdbc.sql("UPDATE raid SET user_count = user_count + :count WHERE id = :raid")
                .param("count", count).param("raid", key).update();
        return this;
    }

    /** The guild's name and the reason, as create-raid carries them. */
    RaidRows named(String guildName, String reason) {
        jdbc.sql("UPDATE raid SET guild_name = :name, reason = :reason WHERE id = :raid")
                .param("name", guildName).param("reason", reason).param("raid", key).update();
        return this;
    }

    RaidRows concluded() {
        jdbc.sql("UPDATE raid SET concluded_at = :at WHERE id = :raid")
                .param("at", START.plusSeconds(3_600).atOffset(ZoneOffset.UTC)).param("raid", key).update();
        return this;
    }
}
