package dev.milk.reads;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.access.ShareTokens;

/** The rows the access features read, inserted as the writers store them: a slice test of the reads needs no writer. */
public final class AccessRows {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public AccessRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An archive of a guild: its row id and its public id. */
    public record Archive(long key, String publicId) {
    }

    /** A share link: its token (what the link carries) and its public id. */
    public record Share(long key, String token, String shareId) {
    }

    public Archive archive(long guildId, String channelName) {
        return archive(guildId, channelName, 2);
    }

    /** An archive of a guild, as {@code archive.created} by a moderator stores it. */
    public Archive archive(long guildId, String channelName, long createdBy) {
        String publicId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long key = jdbc.sql("""
                INSERT INTO archive (internal_id, public_id, guild_id, channel_id, channel_name, created_by, created_at)
                VALUES (:internalId, :publicId, :guild, 1, :channel, :by, now()) RETURNING id""")
                .param("internalId", "bot-" + publicId).param("publicId", publicId).param("guild", guildId)
                .param("channel", channelName).param("by", createdBy).query(Long.class).single();
        return new Archive(key, publicId);
    }

    public AccessRows message(Archive archive, long messageId, long authorId, String authorName, String content) {
        jdbc.sql("""
                INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                             created_at, attachments, embeds, stickers, reactions)
                VALUES (:archive, :id, :author, :name, false, :content, :at,
                        CAST(:attachments AS jsonb), '[]'::jsonb, '[]'::jsonb, '[{"emoji": {"name": "👍"}, "count": 2}]'::jsonb)""")
                .param("archive", archive.key()).param("id", messageId).param("author", authorId)
                .param("name", authorName).param("content", content)
                .param("at", Timestamp.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(messageId % 100_000)))
                .param("attachments", "[{\"id\": \"" + messageId + "\", \"filename\": \"" + content + ".png\", "
                        + "\"url\": \"https://cdn.discordapp.com/attachments/1/" + messageId + "/a.png\", \"size\": 10}]")
                .update();
        jdbc.sql("""
                INSERT INTO archive_mention (archive_id, kind, mention_id, name, avatar_hash) VALUES (:archive, 'u', :author, :name, 'abc')
                ON CONFLICT DO NOTHING""")
                .param("archive", archive.key()).param("author", authorId).param("name", authorName).update();
        return this;
    }

    /**
     * Issue 27's parts of a stored message, each column as the writer stores it: flags, pinned,
     * components, the author's extras and role colour, the command it answers, its system details.
     */
    public AccessRows parts(Archive archive, long messageId, String components, String authorExtras,
            String interaction, String systemDetails) {
        jdbc.sql("""
                UPDATE archive_message SET flags = 4096, pinned = true, author_color = 16711680,
                    components = CAST(:components AS jsonb), author_extras = CAST(:extras AS jsonb),
                    interaction = CAST(:interaction AS jsonb), system_details = CAST(:details AS jsonb)
                WHERE archive_id = :archive AND message_id = :id""")
                .param("components", components).param("extras", authorExtras).param("interaction", interaction)
                .param("details", systemDetails).param("archive", archive.key()).param("id", messageId).update();
        jdbc.sql("""
                UPDATE archive_mention n SET color = 16711680 FROM archive_message m
                WHERE n.archive_id = :archive AND n.kind = 'u' AND n.mention_id = m.author_id
                  AND m.archive_id = :archive AND m.message_id = :id""")
                .param("archive", archive.key()).param("id", messageId).update();
        return this;
    }

    /** The message is a bot's answer to a command the user used (interactionMetadata). */
    public AccessRows answering(Archive archive, long messageId, long commandUserId) {
        jdbc.sql("""
                UPDATE archive_message SET author_is_bot = true, interaction = jsonb_build_object('id', '1', 'type', 2,
                    'user', jsonb_build_object('id', CAST(:user AS text), 'name', 'Mallory'), 'name', 'ban')
                WHERE archive_id = :archive AND message_id = :id""")
                .param("user", commandUserId).param("archive", archive.key()).param("id", messageId).update();
        return this;
    }

    /** Milk's stored copy of a link the message shows. */
    public AccessRows copied(Archive archive, long messageId, String url, String mediaKey) {
        jdbc.sql("""
                INSERT INTO archive_media (archive_id, message_id, url, kind, state, media_key, content_type, size)
                VALUES (:archive, :id, :url, 'attachment', 'stored', :key, 'image/png', 10)""")
                .param("archive", archive.key()).param("id", messageId).param("url", url).param("key", mediaKey).update();
        return this;
    }

    public AccessRows version(Archive archive, long messageId, String earlierContent) {
        jdbc.sql("""
                INSERT INTO archive_message_version (archive_id, message_id, version_at, content, attachments, embeds)
                VALUES (:archive, :id, '2025-12-31T00:00:00Z', :content, '[]'::jsonb, '[]'::jsonb)""")
                .param("archive", archive.key()).param("id", messageId).param("content", earlierContent).update();
        return this;
    }

    public AccessRows removed(Archive archive, long messageId, long by, String reason) {
        long redaction = jdbc.sql("""
                INSERT INTO archive_redaction (archive_id, redacted_at, redacted_by, reason, message_ids)
                VALUES (:archive, '2026-01-02T00:00:00Z', :by, :reason, ARRAY[CAST(:id AS bigint)]) RETURNING id""")
                .param("archive", archive.key()).param("by", by).param("reason", reason).param("id", messageId)
                .query(Long.class).single();
        jdbc.sql("""
                UPDATE archive_message SET content = '', attachments = '[]', embeds = '[]', redaction_id = :redaction
                WHERE archive_id = :archive AND message_id = :id""")
                .param("redaction", redaction).param("archive", archive.key()).param("id", messageId).update();
        return this;
    }

    public Share share(Archive archive, long createdBy, Instant expiresAt) {
        String shareId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long key = jdbc.sql("""
                INSERT INTO archive_share (share_id, archive_id, created_by, created_at, expires_at)
                VALUES (:shareId, :archive, :by, now(), :expires) RETURNING id""")
                .param("shareId", shareId).param("archive", archive.key()).param("by", createdBy)
                .param("expires", Timestamp.from(expiresAt)).query(Long.class).single();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO archive_share_token (token_hash, share_id) VALUES (:hash, :share)")
                .param("hash", ShareTokens.hash(token)).param("share", key).update();
        return new Share(key, token, shareId);
    }

    public void revoke(Share share) {
        revoke(share, 5);
    }

    public void revoke(Share share, long by) {
        jdbc.sql("UPDATE archive_share SET revoked_at = now(), revoked_by = :by WHERE id = :id").param("by", by)
                .param("id", share.key()).update();
    }

    /** An archive.visibility as the writer records it. */
    public AccessRows visibilityChanged(Archive archive, String mode, long by, String reason) {
        jdbc.sql("""
                INSERT INTO archive_visibility_change (archive_id, visibility, visibility_role_ids, changed_by, reason, changed_at)
                VALUES (:archive, :mode, ARRAY[111, 222]::bigint[], :by, :reason, now())""")
                .param("archive", archive.key()).param("mode", mode).param("by", by).param("reason", reason).update();
        return this;
    }

    /** A guild.access as the writer keeps it (the latest only). */
    public AccessRows guildAccess(long guildId, long staffRole, long by) {
        jdbc.sql("""
                INSERT INTO guild_access (guild_id, staff_role_ids, archive_visibility, raid_visibility, changed_by, changed_at)
                VALUES (:guild, ARRAY[CAST(:staff AS bigint)], 'staff', 'public', :by, now())
                ON CONFLICT (guild_id) DO UPDATE SET staff_role_ids = excluded.staff_role_ids, changed_by = excluded.changed_by""")
                .param("guild", guildId).param("staff", staffRole).param("by", by).update();
        return this;
    }

    public void takeDown(Archive archive) {
        jdbc.sql("UPDATE archive SET deleted_at = now(), deleted_reason = 'takedown' WHERE id = :id")
                .param("id", archive.key()).update();
    }

    public void view(Archive archive, Long viewerId, String viewerName, String shareId, Instant at) {
        jdbc.sql("""
                INSERT INTO archive_view (archive_id, viewed_at, viewer_id, viewer_name, share_id, route, replica)
                VALUES (:archive, :at, :viewer, :name, :share, 'page', 'reads-1')""")
                .param("archive", archive.key()).param("at", Timestamp.from(at)).param("viewer", viewerId)
                .param("name", viewerName).param("share", shareId).update();
    }

    /** A forget request as the writer records it; {@code guildId} null: every guild. */
    public void forget(Long guildId, long userId, long requestedBy, String reason) {
        jdbc.sql("""
                INSERT INTO user_forget (guild_id, user_id, requested_by, reason, requested_at, archives_changed,
                                         messages_changed, raids_changed, accounts_changed)
                VALUES (:guild, :user, :by, :reason, now(), 3, 12, 2, 2)""")
                .param("guild", guildId).param("user", userId).param("by", requestedBy).param("reason", reason)
                .update();
    }

    /** A raid of the guild with one account: its public id. */
    public String raid(long guildId, long userId, String name) {
        String publicId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long key = jdbc.sql("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at, user_count)
                VALUES (:internalId, :publicId, :guild, now(), 1) RETURNING id""")
                .param("internalId", "raid-" + publicId).param("publicId", publicId).param("guild", guildId)
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                VALUES (:raid, :user, :name, 'def', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')""")
                .param("raid", key).param("user", userId).param("name", name).update();
        return publicId;
    }
}
