package dev.milk.writes.archive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.Visibility;
import dev.milk.writes.store.PublicIdRows;

/**
 * An archive's own row in {@code archive}: found by the bot's id, created as a placeholder (its
 * public id fixed) when messages come before the creation, then described, sealed or taken down.
 */
final class ArchiveRows {

    private final JdbcTemplate jdbc;
    private final PublicIdRows<StoredArchive> placeholders;

    ArchiveRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.placeholders = new PublicIdRows<>((internalIds, publicIds) -> jdbc.update("""
                INSERT INTO archive (internal_id, public_id)
                SELECT n.internal_id, n.public_id FROM unnest(?::text[], ?::text[]) AS n (internal_id, public_id)
                ON CONFLICT DO NOTHING""", internalIds.toArray(String[]::new), publicIds.toArray(String[]::new)),
                this::find);
    }

    /** @param guildId null while the archive is a placeholder, before its creation arrives */
    record StoredArchive(String internalId, long id, String publicId, Long guildId, Instant expiresAt,
            boolean deleted, Instant sealedAt) {

        /** Neither taken down nor expired: it takes messages and removals. */
        boolean open(Instant now) {
            return !deleted && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    /** Archives by the bot's id; one not seen yet gets its row (and public id) now, as a placeholder. */
    Map<String, StoredArchive> findOrCreate(Set<String> internalIds) {
        if (internalIds.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, StoredArchive> archives = find(internalIds);
        Set<String> missing = new HashSet<>(internalIds);
        missing.removeAll(archives.keySet());
        if (!missing.isEmpty()) {
            archives.putAll(placeholders.create(missing));
        }
        return archives;
    }

    /**
     * The first archive.created fills the placeholder; a repeated one changes nothing (a visibility
     * changed since stays). A placeholder's messages may have been read as public before: when the
     * creation names a visibility other than public, or the placeholder holds messages (the guild's
     * default may not be public), its revision is bumped and every reads replica drops its pages.
     */
    void describe(long archive, ArchiveCommand.Create c) {
        Visibility visibility = c.visibility();
        boolean restricted = visibility != null && !visibility.isPublic();
        List<Boolean> keptPagesGo = jdbc.queryForList("""
                UPDATE archive SET guild_id = ?, channel_id = ?, channel_name = ?, reason = ?, created_by = ?,
                       created_at = ?, expires_at = ?, visibility = ?, visibility_role_ids = ?::bigint[],
                       revision = revision + CASE WHEN ? OR message_count > 0 THEN 1 ELSE 0 END
                WHERE id = ? AND created_at IS NULL
                RETURNING ? OR message_count > 0""", Boolean.class, c.guildId(), c.channelId(), c.channelName(),
                c.reason(), c.createdBy(), Timestamp.from(c.createdAt()),
                c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()),
                visibility == null ? null : visibility.mode().wireName(), visibility == null ? null : visibility.roleIdColumn(),
                restricted, archive, restricted);
        if (keptPagesGo.contains(Boolean.TRUE)) {
            ArchiveChanges.announce(jdbc, List.of(archive));
        }
    }

    /** The first seal stays. */
    void seal(long archive, Instant sealedAt) {
        jdbc.update("UPDATE archive SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL", Timestamp.from(sealedAt), archive);
    }

    /** The first takedown's time and reason stay. */
    void markDeleted(long archive, String reason) {
        jdbc.update("""
                UPDATE archive SET deleted_at = coalesce(deleted_at, now()), deleted_reason = coalesce(deleted_reason, ?)
                WHERE id = ?""", reason, archive);
    }

    /** Archives by the bot's id, as stored: an id Milk never saw has none. */
    Map<String, StoredArchive> find(Set<String> internalIds) {
        Map<String, StoredArchive> found = new HashMap<>();
        jdbc.query("""
                SELECT internal_id, id, public_id, guild_id, expires_at, deleted_at IS NOT NULL AS deleted, sealed_at
                FROM archive WHERE internal_id = ANY (?)""",
                rs -> {
                    StoredArchive archive = stored(rs);
                    found.put(archive.internalId(), archive);
                }, (Object) internalIds.toArray(String[]::new));
        return found;
    }

    private static StoredArchive stored(ResultSet rs) throws SQLException {
        return new StoredArchive(rs.getString("internal_id"), rs.getLong("id"), rs.getString("public_id"),
                rs.getObject("guild_id", Long.class), instant(rs.getTimestamp("expires_at")), rs.getBoolean("deleted"),
                instant(rs.getTimestamp("sealed_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
