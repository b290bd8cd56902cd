package dev.milk.model;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row the writer keeps of one archive or raid, as text (a row's own text form: a null is not
 * an empty value), each table in a fixed order, without the database's own keys: two writers that
 * stored the same thing have the same state. Leaves out the archive's revision, a count of the
 * transactions that changed it (only ever compared for equality by caches), and how far the copy
 * of each queued file got, which the copy job decides later.
 */
final class StoredState {

    private StoredState() {
    }

    static List<String> ofArchive(JdbcTemplate jdbc, String internalId) {
        List<String> rows = new ArrayList<>();
        String archive = "(SELECT id FROM archive WHERE internal_id = ?)";
        rows.addAll(jdbc.queryForList("""
                SELECT row(guild_id, channel_id, channel_name, reason, created_by, created_at, expires_at,
                                 sealed_at, deleted_at IS NOT NULL, deleted_reason, message_count)::text
                FROM archive WHERE internal_id = ?""", String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row('message', message_id, author_id, author_name, author_avatar_hash, author_is_bot,
                                 content, created_at, edited_at, reply_to_id, attachments, embeds, stickers, message_type,
                                 author_color, reactions, thread, poll, forwarded, redaction_id IS NOT NULL)::text
                FROM archive_message WHERE archive_id = %s ORDER BY message_id""".formatted(archive),
                String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row('version', message_id, version_at, content, attachments, embeds)::text
                FROM archive_message_version WHERE archive_id = %s ORDER BY message_id, version_at""".formatted(archive),
                String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row('named', kind, mention_id, name, avatar_hash, color)::text
                FROM archive_mention WHERE archive_id = %s ORDER BY kind, mention_id""".formatted(archive),
                String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row('removal', redacted_at, redacted_by, reason, message_ids)::text
                FROM archive_redaction WHERE archive_id = %s ORDER BY id""".formatted(archive),
                String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row('file', message_id, url, kind)::text
                FROM archive_media WHERE archive_id = %s ORDER BY message_id, url""".formatted(archive),
                String.class, internalId));
        return rows;
    }

    /** The raid's guild name and reason (either null), as {@link RaidModel#names} has them. */
    static List<String> namesOfRaid(JdbcTemplate jdbc, String internalId) {
        List<String> names = new ArrayList<>();
        jdbc.query("SELECT guild_name, reason FROM raid WHERE internal_id = ?", rs -> {
            names.add(rs.getString("guild_name"));
            names.add(rs.getString("reason"));
        }, internalId);
        return names;
    }

    static List<String> ofRaid(JdbcTemplate jdbc, String internalId) {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("""
                SELECT row(guild_id, started_at, concluded_at, user_count, guild_name, reason)::text
                FROM raid WHERE internal_id = ?""",
                String.class, internalId));
        rows.addAll(jdbc.queryForList("""
                SELECT row(user_id, name, avatar_hash, created_at, joined_at)::text FROM raid_user
                WHERE raid_id = (SELECT id FROM raid WHERE internal_id = ?) ORDER BY user_id""",
                String.class, internalId));
        return rows;
    }
}
