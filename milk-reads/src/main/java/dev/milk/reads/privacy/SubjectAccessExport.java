package dev.milk.reads.privacy;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StreamUtils;

import dev.milk.access.UserForget;
import dev.milk.access.UserForgetRepository;
import dev.milk.reads.web.RowStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subject-access export: everything Milk holds about one user id in one guild, as one JSON
 * document written as it is read. Each part is a keyset query whose rows PostgreSQL writes as JSON
 * objects (its jsonb columns as they are stored, valid JSON by construction), read a thousand at a
 * time ({@link RowStream}), so memory holds one batch whatever the user wrote or did; the small
 * aggregates (forget requests about them) through JPA. Every part is bounded to the guild's own
 * archives and raids: nothing of another guild; of other users, their ids, and a bot's name and
 * words on its answer to the member's command.
 *
 * <p>What it holds: their messages with every part Milk keeps of one, the names the archives give
 * them, the bots' answers naming them as who used a command, their raid accounts, their views, the
 * forget requests about them, and what they did as a moderator (archives created, removals,
 * visibility and guild-access changes, share links made and revoked, forgets requested).
 */
final class SubjectAccessExport {

    /** A part's rows: {@code k1, k2} its keyset (k2 0 for a part keyed by one column), {@code doc} the row as JSON. */
    private record Row(long first, long second, String json) {
    }

    /** {@code utc(x)} in a part's SQL: the time as ISO-8601 in UTC with milliseconds. */
    private static final Pattern UTC = Pattern.compile("utc\\(([a-z_.]+)\\)");
    private static final String UTC_ISO = "to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    /** A bigint[] as an array of decimal strings, as ids are written everywhere in Milk's JSON. */
    private static final Pattern IDS = Pattern.compile("ids\\(([a-z_.]+)\\)");
    private static final String IDS_JSON = "(SELECT json_agg(i::text ORDER BY o) FROM unnest($1) WITH ORDINALITY AS x (i, o))";

    /** Their messages, every part of each as stored (issue 27's included), its removal, earlier versions and Milk's copies. */
    private static final String MESSAGES = """
            SELECT m.archive_id AS k1, m.message_id AS k2, json_build_object(
                'archive', a.public_id, 'channelName', a.channel_name, 'id', m.message_id::text, 'type', m.message_type,
                'authorName', m.author_name, 'authorAvatarHash', m.author_avatar_hash, 'authorIsBot', m.author_is_bot,
                'authorColor', m.author_color, 'authorExtras', m.author_extras, 'content', m.content,
                'createdAt', utc(m.created_at), 'editedAt', utc(m.edited_at), 'replyToId', m.reply_to_id::text,
                'flags', m.flags, 'pinned', m.pinned, 'attachments', m.attachments, 'embeds', m.embeds,
                'stickers', m.stickers, 'reactions', m.reactions, 'poll', m.poll, 'forwarded', m.forwarded,
                'thread', m.thread, 'components', m.components, 'interaction', m.interaction,
                'systemDetails', m.system_details,
                'removed', CASE WHEN r.id IS NOT NULL
                                THEN json_build_object('at', utc(r.redacted_at), 'by', r.redacted_by::text, 'reason', r.reason)
                           END,
                'versions', coalesce((SELECT json_agg(json_build_object('at', utc(v.version_at), 'content', v.content,
                                                                        'attachments', v.attachments, 'embeds', v.embeds)
                                                      ORDER BY v.version_at)
                                      FROM archive_message_version v
                                      WHERE v.archive_id = m.archive_id AND v.message_id = m.message_id), '[]'),
                -- The copies Milk made of what the message showed: copyUrl is null for one not (or no longer) stored.
                'media', coalesce((SELECT json_agg(json_build_object('url', c.url, 'kind', c.kind, 'state', c.state,
                                                                     'contentType', c.content_type, 'size', c.size,
                                                                     'copyUrl', '/media/' || c.media_key || '/file')
                                                   ORDER BY c.url)
                                   FROM archive_media c
                                   WHERE c.archive_id = m.archive_id AND c.message_id = m.message_id), '[]'))::text AS doc
            FROM archive_message m
            JOIN archive a ON a.id = m.archive_id
            LEFT JOIN archive_redaction r ON r.id = m.redaction_id
            WHERE a.guild_id = :guild AND m.author_id = :user AND (m.archive_id, m.message_id) > (:k1, :k2)
            ORDER BY m.archive_id, m.message_id""";

    /** The name, avatar and role colour an archive holds for them, as an author or a mentioned user. */
    private static final String NAMES = """
            SELECT n.archive_id AS k1, 0 AS k2, json_build_object('archive', a.public_id, 'name', n.name,
                'avatarHash', n.avatar_hash, 'color', n.color)::text AS doc
            FROM archive_mention n JOIN archive a ON a.id = n.archive_id
            WHERE a.guild_id = :guild AND n.kind = 'u' AND n.mention_id = :user AND (n.archive_id, 0) > (:k1, :k2)
            ORDER BY n.archive_id""";

    /** The bots' answers naming them as who used the command. */
    private static final String COMMAND_USES = """
            SELECT m.archive_id AS k1, m.message_id AS k2, json_build_object('archive', a.public_id,
                'channelName', a.channel_name, 'id', m.message_id::text, 'createdAt', utc(m.created_at),
                'botId', m.author_id::text, 'botName', m.author_name, 'content', m.content,
                'interaction', m.interaction)::text AS doc
            FROM archive_message m JOIN archive a ON a.id = m.archive_id
            WHERE a.guild_id = :guild AND m.interaction->'user'->>'id' = CAST(:user AS text)
              AND (m.archive_id, m.message_id) > (:k1, :k2)
            ORDER BY m.archive_id, m.message_id""";

    private static final String RAID_ACCOUNTS = """
            SELECT u.raid_id AS k1, 0 AS k2, json_build_object('raid', r.public_id, 'name', u.name,
                'avatarHash', u.avatar_hash, 'createdAt', utc(u.created_at), 'joinedAt', utc(u.joined_at))::text AS doc
            FROM raid_user u JOIN raid r ON r.id = u.raid_id
            WHERE r.guild_id = :guild AND u.user_id = :user AND (u.raid_id, 0) > (:k1, :k2)
            ORDER BY u.raid_id""";

    private static final String VIEWS = """
            SELECT v.id AS k1, 0 AS k2, json_build_object('archive', a.public_id, 'viewedAt', utc(v.viewed_at),
                'viewerName', v.viewer_name, 'route', v.route, 'replica', v.replica)::text AS doc
            FROM archive_view v JOIN archive a ON a.id = v.archive_id
            WHERE a.guild_id = :guild AND v.viewer_id = :user AND (v.id, 0) > (:k1, :k2)
            ORDER BY v.id""";

    /** The share links they made, revoked or not (never a token: Milk keeps none). */
    private static final String SHARE_LINKS = """
            SELECT s.id AS k1, 0 AS k2, json_build_object('shareId', s.share_id, 'archive', a.public_id,
                'createdAt', utc(s.created_at), 'expiresAt', utc(s.expires_at), 'revokedAt', utc(s.revoked_at),
                'revokedBy', s.revoked_by::text)::text AS doc
            FROM archive_share s JOIN archive a ON a.id = s.archive_id
            WHERE a.guild_id = :guild AND s.created_by = :user AND (s.id, 0) > (:k1, :k2)
            ORDER BY s.id""";

    private static final String ARCHIVES_CREATED = """
            SELECT a.id AS k1, 0 AS k2, json_build_object('archive', a.public_id, 'channelName', a.channel_name,
                'reason', a.reason, 'createdAt', utc(a.created_at), 'visibility', a.visibility)::text AS doc
            FROM archive a
            WHERE a.guild_id = :guild AND a.created_by = :user AND (a.id, 0) > (:k1, :k2)
            ORDER BY a.id""";

    private static final String REMOVALS = """
            SELECT r.id AS k1, 0 AS k2, json_build_object('archive', a.public_id, 'at', utc(r.redacted_at),
                'reason', r.reason, 'messageIds', ids(r.message_ids))::text AS doc
            FROM archive_redaction r JOIN archive a ON a.id = r.archive_id
            WHERE a.guild_id = :guild AND r.redacted_by = :user AND (r.id, 0) > (:k1, :k2)
            ORDER BY r.id""";

    private static final String VISIBILITY_CHANGES = """
            SELECT c.id AS k1, 0 AS k2, json_build_object('archive', a.public_id, 'visibility', c.visibility,
                'roleIds', ids(c.visibility_role_ids), 'reason', c.reason, 'at', utc(c.changed_at))::text AS doc
            FROM archive_visibility_change c JOIN archive a ON a.id = c.archive_id
            WHERE a.guild_id = :guild AND c.changed_by = :user AND (c.id, 0) > (:k1, :k2)
            ORDER BY c.id""";

    /** The guild's access settings when they changed them last (Milk keeps the latest guild.access only). */
    private static final String GUILD_ACCESS_CHANGES = """
            SELECT g.guild_id AS k1, 0 AS k2, json_build_object('staffRoleIds', ids(g.staff_role_ids),
                'archiveVisibility', g.archive_visibility, 'archiveVisibilityRoleIds', ids(g.archive_visibility_role_ids),
                'raidVisibility', g.raid_visibility, 'raidVisibilityRoleIds', ids(g.raid_visibility_role_ids),
                'at', utc(g.changed_at))::text AS doc
            FROM guild_access g
            WHERE g.guild_id = :guild AND g.changed_by = :user AND (g.guild_id, 0) > (:k1, :k2)
            ORDER BY g.guild_id""";

    /** The share links they revoked, theirs or another moderator's. */
    private static final String SHARE_REVOCATIONS = """
            SELECT s.id AS k1, 0 AS k2, json_build_object('shareId', s.share_id, 'archive', a.public_id,
                'createdBy', s.created_by::text, 'revokedAt', utc(s.revoked_at))::text AS doc
            FROM archive_share s JOIN archive a ON a.id = s.archive_id
            WHERE a.guild_id = :guild AND s.revoked_by = :user AND (s.id, 0) > (:k1, :k2)
            ORDER BY s.id""";

    /** The forgets they asked for that reached the guild (its own and those for every guild). */
    private static final String FORGETS_REQUESTED = """
            SELECT f.id AS k1, 0 AS k2, json_build_object('user', f.user_id::text, 'guild', f.guild_id::text,
                'reason', f.reason, 'requestedAt', utc(f.requested_at))::text AS doc
            FROM user_forget f
            WHERE (f.guild_id = :guild OR f.guild_id IS NULL) AND f.requested_by = :user AND (f.id, 0) > (:k1, :k2)
            ORDER BY f.id""";

    private final JdbcClient jdbc;
    private final UserForgetRepository forgets;
    private final JsonMapper json;

    SubjectAccessExport(DataSource readsDataSource, UserForgetRepository forgets, JsonMapper json) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.forgets = forgets;
        this.json = json;
    }

    void write(OutputStream out, long guildId, long userId, Instant now) throws IOException {
        try (JsonGenerator g = json.createGenerator(StreamUtils.nonClosing(out))) {
            g.writeStartObject();
            g.writeStringProperty("guild", Long.toString(guildId));
            g.writeStringProperty("user", Long.toString(userId));
            g.writeStringProperty("exportedAt", now.toString());
            part(g, "messages", MESSAGES, guildId, userId);
            part(g, "names", NAMES, guildId, userId);
            part(g, "commandUses", COMMAND_USES, guildId, userId);
            part(g, "raidAccounts", RAID_ACCOUNTS, guildId, userId);
            part(g, "views", VIEWS, guildId, userId);
            g.writeArrayPropertyStart("forgetRequests");
            for (UserForget request : forgets.findAboutUser(guildId, userId)) {
                g.writeStartObject();
                g.writeStringProperty("guild", request.guildId() == null ? null : request.guildId().toString());
                g.writeStringProperty("requestedBy", Long.toString(request.requestedBy()));
                g.writeStringProperty("reason", request.reason());
                g.writeStringProperty("requestedAt", request.requestedAt().toString());
                g.writeNumberProperty("archivesChanged", request.archivesChanged());
                g.writeNumberProperty("messagesChanged", request.messagesChanged());
                g.writeNumberProperty("raidsChanged", request.raidsChanged());
                g.writeNumberProperty("accountsChanged", request.accountsChanged());
                g.writeEndObject();
            }
            g.writeEndArray();
            part(g, "shareLinks", SHARE_LINKS, guildId, userId);
            g.writeObjectPropertyStart("moderation");
            part(g, "archivesCreated", ARCHIVES_CREATED, guildId, userId);
            part(g, "removals", REMOVALS, guildId, userId);
            part(g, "visibilityChanges", VISIBILITY_CHANGES, guildId, userId);
            part(g, "guildAccessChanges", GUILD_ACCESS_CHANGES, guildId, userId);
            part(g, "shareRevocations", SHARE_REVOCATIONS, guildId, userId);
            part(g, "forgetsRequested", FORGETS_REQUESTED, guildId, userId);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** One part, an array of the rows its query finds, streamed a batch at a time. */
    private void part(JsonGenerator g, String name, String query, long guildId, long userId) throws IOException {
        String sql = IDS.matcher(UTC.matcher(query).replaceAll(UTC_ISO)).replaceAll(IDS_JSON) + "\nLIMIT :limit";
        g.writeArrayPropertyStart(name);
        RowStream.<Row>each((last, limit) -> rows(sql, guildId, userId, last, limit), row -> g.writeRawValue(row.json()));
        g.writeEndArray();
    }

    private List<Row> rows(String sql, long guildId, long userId, Row last, int limit) {
        return jdbc.sql(sql)
                .param("guild", guildId)
                .param("user", userId)
                .param("k1", last == null ? Long.MIN_VALUE : last.first())
                .param("k2", last == null ? Long.MIN_VALUE : last.second())
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong("k1"), rs.getLong("k2"), rs.getString("doc")))
                .list();
    }
}
