package dev.milk.reads.privacy;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

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
 * document written as it is read. The large parts (their messages, their names in each archive,
 * their accounts in raids, their views) are read a thousand rows at a time ({@link RowStream}), so
 * memory holds one batch whatever the user wrote; the small aggregates (forget requests) through JPA.
 * Every part is bounded to the guild's own archives and raids: nothing of another guild, nothing
 * of another user.
 */
final class SubjectAccessExport {

    private static final String UTC_ISO = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

    private final JdbcClient jdbc;
    private final UserForgetRepository forgets;
    private final JsonMapper json;

    SubjectAccessExport(DataSource readsDataSource, UserForgetRepository forgets, JsonMapper json) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.forgets = forgets;
        this.json = json;
    }

    /**
     * A message they wrote; the JSON parts as PostgreSQL holds them (jsonb, written as they are),
     * its earlier versions and Milk's copies of its media as PostgreSQL aggregates them.
     */
    private record Message(long archiveKey, long id, String archive, String channelName, String authorName,
            String authorAvatarHash, String type, String content, Instant createdAt, Instant editedAt, Long replyToId,
            String attachments, String embeds, String stickers, String reactions, String poll, String forwarded,
            String thread, Instant removedAt, Long removedBy, String removalReason, String versions, String media) {
    }

    /** The name and avatar an archive holds for them (as an author or a mentioned user). */
    private record Name(long archiveKey, String archive, String name, String avatarHash) {
    }

    private record RaidAccount(long raidKey, String raid, String name, String avatarHash, Instant createdAt,
            Instant joinedAt) {
    }

    private record View(long id, String archive, Instant viewedAt, String viewerName, String route, String replica) {
    }

    private record Share(long key, String shareId, String archive, Instant createdAt, Instant expiresAt,
            Instant revokedAt, Long revokedBy) {
    }

    void write(OutputStream out, long guildId, long userId, Instant now) throws IOException {
        try (JsonGenerator g = json.createGenerator(StreamUtils.nonClosing(out))) {
            g.writeStartObject();
            g.writeStringProperty("guild", Long.toString(guildId));
            g.writeStringProperty("user", Long.toString(userId));
            g.writeStringProperty("exportedAt", now.toString());
            g.writeArrayPropertyStart("messages");
            RowStream.<Message>each((last, limit) -> messages(guildId, userId, last, limit), message -> write(g, message));
            g.writeEndArray();
            g.writeArrayPropertyStart("names");
            RowStream.<Name>each((last, limit) -> names(guildId, userId, last, limit), name -> {
                g.writeStartObject();
                g.writeStringProperty("archive", name.archive());
                g.writeStringProperty("name", name.name());
                g.writeStringProperty("avatarHash", name.avatarHash());
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeArrayPropertyStart("raidAccounts");
            RowStream.<RaidAccount>each((last, limit) -> raidAccounts(guildId, userId, last, limit), account -> {
                g.writeStartObject();
                g.writeStringProperty("raid", account.raid());
                g.writeStringProperty("name", account.name());
                g.writeStringProperty("avatarHash", account.avatarHash());
                g.writeStringProperty("createdAt", account.createdAt().toString());
                g.writeStringProperty("joinedAt", account.joinedAt().toString());
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeArrayPropertyStart("views");
            RowStream.<View>each((last, limit) -> views(guildId, userId, last, limit), view -> {
                g.writeStartObject();
                g.writeStringProperty("archive", view.archive());
                g.writeStringProperty("viewedAt", view.viewedAt().toString());
                g.writeStringProperty("viewerName", view.viewerName());
                g.writeStringProperty("route", view.route());
                g.writeStringProperty("replica", view.replica());
                g.writeEndObject();
            });
            g.writeEndArray();
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
            g.writeArrayPropertyStart("shareLinks");
            RowStream.<Share>each((last, limit) -> shares(guildId, userId, last, limit), share -> {
                g.writeStartObject();
                g.writeStringProperty("shareId", share.shareId());
                g.writeStringProperty("archive", share.archive());
                g.writeStringProperty("createdAt", share.createdAt().toString());
                g.writeStringProperty("expiresAt", share.expiresAt().toString());
                g.writeStringProperty("revokedAt", text(share.revokedAt()));
                g.writeStringProperty("revokedBy", share.revokedBy() == null ? null : share.revokedBy().toString());
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void write(JsonGenerator g, Message message) {
        g.writeStartObject();
        g.writeStringProperty("archive", message.archive());
        g.writeStringProperty("channelName", message.channelName());
        g.writeStringProperty("id", Long.toString(message.id()));
        g.writeStringProperty("type", message.type());
        g.writeStringProperty("authorName", message.authorName());
        g.writeStringProperty("authorAvatarHash", message.authorAvatarHash());
        g.writeStringProperty("content", message.content());
        g.writeStringProperty("createdAt", message.createdAt().toString());
        g.writeStringProperty("editedAt", text(message.editedAt()));
        g.writeStringProperty("replyToId", message.replyToId() == null ? null : message.replyToId().toString());
        // PostgreSQL's own jsonb text: valid JSON by construction, written as it is.
        raw(g, "attachments", message.attachments());
        raw(g, "embeds", message.embeds());
        raw(g, "stickers", message.stickers());
        raw(g, "reactions", message.reactions());
        raw(g, "poll", message.poll());
        raw(g, "forwarded", message.forwarded());
        raw(g, "thread", message.thread());
        if (message.removedAt() == null) {
            g.writeNullProperty("removed");
        } else {
            g.writeObjectPropertyStart("removed");
            g.writeStringProperty("at", message.removedAt().toString());
            g.writeStringProperty("by", message.removedBy().toString());
            g.writeStringProperty("reason", message.removalReason());
            g.writeEndObject();
        }
        raw(g, "versions", message.versions() == null ? "[]" : message.versions());
        // Milk's copies of what the message showed: copyUrl is null for one not (or no longer) stored.
        raw(g, "media", message.media() == null ? "[]" : message.media());
        g.writeEndObject();
    }

    private static void raw(JsonGenerator g, String name, String jsonText) {
        g.writeName(name);
        if (jsonText == null) {
            g.writeNull();
        } else {
            g.writeRawValue(jsonText);
        }
    }

    private List<Message> messages(long guildId, long userId, Message last, int limit) {
        return jdbc.sql("""
                SELECT m.archive_id, m.message_id, a.public_id, a.channel_name, m.author_name, m.author_avatar_hash,
                       m.message_type, m.content, m.created_at, m.edited_at, m.reply_to_id,
                       m.attachments::text AS attachments, m.embeds::text AS embeds, m.stickers::text AS stickers,
                       m.reactions::text AS reactions, m.poll::text AS poll, m.forwarded::text AS forwarded,
                       m.thread::text AS thread, r.redacted_at, r.redacted_by, r.reason AS removal_reason,
                       (SELECT json_agg(json_build_object('at', to_char(v.version_at AT TIME ZONE 'UTC', %s),
                                                          'content', v.content, 'attachments', v.attachments,
                                                          'embeds', v.embeds) ORDER BY v.version_at)
                        FROM archive_message_version v
                        WHERE v.archive_id = m.archive_id AND v.message_id = m.message_id)::text AS versions,
                       (SELECT json_agg(json_build_object('url', c.url, 'kind', c.kind, 'state', c.state,
                                                          'contentType', c.content_type, 'size', c.size,
                                                          'copyUrl', '/media/' || c.media_key || '/file')
                                        ORDER BY c.url)
                        FROM archive_media c
                        WHERE c.archive_id = m.archive_id AND c.message_id = m.message_id)::text AS media
                FROM archive_message m
                JOIN archive a ON a.id = m.archive_id
                LEFT JOIN archive_redaction r ON r.id = m.redaction_id
                WHERE a.guild_id = :guild AND m.author_id = :user
                  AND (m.archive_id, m.message_id) > (:afterArchive, :afterMessage)
                ORDER BY m.archive_id, m.message_id
                LIMIT :limit""".formatted(UTC_ISO))
                .param("guild", guildId)
                .param("user", userId)
                .param("afterArchive", last == null ? Long.MIN_VALUE : last.archiveKey())
                .param("afterMessage", last == null ? Long.MIN_VALUE : last.id())
                .param("limit", limit)
                .query((rs, n) -> new Message(rs.getLong("archive_id"), rs.getLong("message_id"),
                        rs.getString("public_id"), rs.getString("channel_name"), rs.getString("author_name"),
                        rs.getString("author_avatar_hash"), rs.getString("message_type"), rs.getString("content"),
                        instant(rs, "created_at"), instant(rs, "edited_at"), rs.getObject("reply_to_id", Long.class),
                        rs.getString("attachments"), rs.getString("embeds"), rs.getString("stickers"),
                        rs.getString("reactions"), rs.getString("poll"), rs.getString("forwarded"),
                        rs.getString("thread"), instant(rs, "redacted_at"), rs.getObject("redacted_by", Long.class),
                        rs.getString("removal_reason"), rs.getString("versions"), rs.getString("media")))
                .list();
    }

    private List<Name> names(long guildId, long userId, Name last, int limit) {
        return jdbc.sql("""
                SELECT n.archive_id, a.public_id, n.name, n.avatar_hash
                FROM archive_mention n JOIN archive a ON a.id = n.archive_id
                WHERE a.guild_id = :guild AND n.kind = 'u' AND n.mention_id = :user AND n.archive_id > :after
                ORDER BY n.archive_id
                LIMIT :limit""")
                .param("guild", guildId)
                .param("user", userId)
                .param("after", last == null ? Long.MIN_VALUE : last.archiveKey())
                .param("limit", limit)
                .query((rs, n) -> new Name(rs.getLong("archive_id"), rs.getString("public_id"), rs.getString("name"),
                        rs.getString("avatar_hash")))
                .list();
    }

    private List<RaidAccount> raidAccounts(long guildId, long userId, RaidAccount last, int limit) {
        return jdbc.sql("""
                SELECT u.raid_id, r.public_id, u.name, u.avatar_hash, u.created_at, u.joined_at
                FROM raid_user u JOIN raid r ON r.id = u.raid_id
                WHERE r.guild_id = :guild AND u.user_id = :user AND u.raid_id > :after
                ORDER BY u.raid_id
                LIMIT :limit""")
                .param("guild", guildId)
                .param("user", userId)
                .param("after", last == null ? Long.MIN_VALUE : last.raidKey())
                .param("limit", limit)
                .query((rs, n) -> new RaidAccount(rs.getLong("raid_id"), rs.getString("public_id"), rs.getString("name"),
                        rs.getString("avatar_hash"), instant(rs, "created_at"), instant(rs, "joined_at")))
                .list();
    }

    private List<View> views(long guildId, long userId, View last, int limit) {
        return jdbc.sql("""
                SELECT v.id, a.public_id, v.viewed_at, v.viewer_name, v.route, v.replica
                FROM archive_view v JOIN archive a ON a.id = v.archive_id
                WHERE a.guild_id = :guild AND v.viewer_id = :user AND v.id > :after
                ORDER BY v.id
                LIMIT :limit""")
                .param("guild", guildId)
                .param("user", userId)
                .param("after", last == null ? Long.MIN_VALUE : last.id())
                .param("limit", limit)
                .query((rs, n) -> new View(rs.getLong("id"), rs.getString("public_id"), instant(rs, "viewed_at"),
                        rs.getString("viewer_name"), rs.getString("route"), rs.getString("replica")))
                .list();
    }

    private List<Share> shares(long guildId, long userId, Share last, int limit) {
        return jdbc.sql("""
                SELECT s.id, s.share_id, a.public_id, s.created_at, s.expires_at, s.revoked_at, s.revoked_by
                FROM archive_share s JOIN archive a ON a.id = s.archive_id
                WHERE a.guild_id = :guild AND s.created_by = :user AND s.id > :after
                ORDER BY s.id
                LIMIT :limit""")
                .param("guild", guildId)
                .param("user", userId)
                .param("after", last == null ? Long.MIN_VALUE : last.key())
                .param("limit", limit)
                .query((rs, n) -> new Share(rs.getLong("id"), rs.getString("share_id"), rs.getString("public_id"),
                        instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
                        rs.getObject("revoked_by", Long.class)))
                .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
