package dev.milk.reads.raid;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.reads.web.RowStream;

/** Raid reads, keyset-paginated by (joined_at, user_id) over the index of the same order. */
final class RaidQueries {

    private static final String MEMBERS = "SELECT user_id, name, avatar_hash, created_at, joined_at FROM raid_user ";
    private static final String ORDER = " ORDER BY joined_at, user_id LIMIT :limit";

    private final JdbcClient jdbc;

    RaidQueries(DataSource readsDataSource) {
        this.jdbc = JdbcClient.create(readsDataSource);
    }

    /** Every account in listing order, streamed: a 1,000,000-account raid is never held in memory. */
    void each(RaidSummary raid, RowStream.RowWriter<RaidMember> writer) throws IOException {
        RowStream.each((last, limit) -> members(raid, last == null ? null : RaidCursor.after(last), limit), writer);
    }

    Optional<RaidSummary> summary(String publicId) {
        return jdbc.sql("""
                SELECT id, public_id, guild_id, started_at, concluded_at, user_count, revision
                FROM raid WHERE public_id = :publicId""")
                .param("publicId", publicId)
                .query((rs, n) -> new RaidSummary(rs.getLong("id"), rs.getString("public_id"), rs.getLong("guild_id"),
                        instant(rs, "started_at"), instant(rs, "concluded_at"), rs.getLong("user_count"),
                        rs.getInt("revision")))
                .optional();
    }

    List<RaidMember> members(RaidSummary raid, RaidCursor cursor, int limit) {
        var statement = switch (cursor) {
            case null -> jdbc.sql(MEMBERS + "WHERE raid_id = :raid" + ORDER);
            case RaidCursor.After after -> jdbc.sql(MEMBERS
                            + "WHERE raid_id = :raid AND (joined_at, user_id) > (:joinedAt, :userId)" + ORDER)
                    .param("joinedAt", utc(after.joinedAt()))
                    .param("userId", after.userId());
            case RaidCursor.JoinedAfter joinedAfter -> jdbc.sql(MEMBERS
                            + "WHERE raid_id = :raid AND joined_at > :joinedAt" + ORDER)
                    .param("joinedAt", utc(joinedAfter.joinedAt()));
        };
        return statement.param("raid", raid.key()).param("limit", limit)
                .query(RaidQueries::member)
                .list();
    }

    private static RaidMember member(ResultSet rs, int row) throws SQLException {
        return new RaidMember(rs.getLong("user_id"), rs.getString("name"), rs.getString("avatar_hash"),
                instant(rs, "created_at"), instant(rs, "joined_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
