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

import dev.milk.publicid.PublicIds;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.RowStream;

/** Raid reads, keyset-paginated by (joined_at, user_id) over the index of the same order. */
final class RaidQueries {

    private static final String MEMBERS = "SELECT user_id, name, avatar_hash, created_at, joined_at FROM raid_user ";
    private static final String ORDER = " ORDER BY joined_at, user_id LIMIT :limit";

    private final JdbcClient jdbc;

    RaidQueries(DataSource readsDataSource) {
        this.jdbc = JdbcClient.create(readsDataSource);
    }

    /** Every account the filter selects in listing order, streamed: a 1,000,000-account raid is never held in memory. */
    void each(RaidSummary raid, RaidFilter filter, RowStream.RowWriter<RaidMember> writer) throws IOException {
        RowStream.each((last, limit) -> members(raid, last == null ? null : RaidCursor.after(last), filter, limit),
                writer);
    }

    /** How many accounts the filter selects: the raid's kept count when it selects them all. */
    long count(RaidSummary raid, RaidFilter filter) {
        if (filter.isEmpty()) {
            return raid.size();
        }
        return filter.bind(jdbc.sql("SELECT count(*) FROM raid_user WHERE raid_id = :raid" + filter.conditions()))
                .param("raid", raid.key()).query(Long.class).single();
    }

    /** @throws NotFoundException when no raid has this id (a malformed one included) */
    RaidSummary find(String publicId) {
        return (PublicIds.isWellFormed(publicId) ? summary(publicId) : Optional.<RaidSummary>empty())
                .orElseThrow(() -> new NotFoundException("no raid has this id"));
    }

    Optional<RaidSummary> summary(String publicId) {
        return jdbc.sql("""
                SELECT id, public_id, guild_id, guild_name, reason, started_at, concluded_at, user_count, revision
                FROM raid WHERE public_id = :publicId""")
                .param("publicId", publicId)
                .query((rs, n) -> new RaidSummary(rs.getLong("id"), rs.getString("public_id"), rs.getLong("guild_id"),
                        rs.getString("guild_name"), rs.getString("reason"), instant(rs, "started_at"),
                        instant(rs, "concluded_at"), rs.getLong("user_count"),
                        rs.getInt("revision")))
                .optional();
    }

    /** The next {@code limit} accounts the filter selects, after the cursor (from the first when null). */
    List<RaidMember> members(RaidSummary raid, RaidCursor cursor, RaidFilter filter, int limit) {
        String where = MEMBERS + "WHERE raid_id = :raid" + filter.conditions();
        var statement = switch (cursor) {
            case null -> jdbc.sql(where + ORDER);
            case RaidCursor.After after -> jdbc.sql(where + " AND (joined_at, user_id) > (:joinedAt, :userId)" + ORDER)
                    .param("joinedAt", utc(after.joinedAt()))
                    .param("userId", after.userId());
            case RaidCursor.JoinedAfter joinedAfter -> jdbc.sql(where + " AND joined_at > :joinedAt" + ORDER)
                    .param("joinedAt", utc(joinedAfter.joinedAt()));
        };
        return filter.bind(statement).param("raid", raid.key()).param("limit", limit)
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
