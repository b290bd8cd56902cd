package dev.milk.archive;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record of the {@code message-archives} topic, as it travels; its {@code type} picks the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ArchiveEvent.Created.class, name = "archive.created"),
    @JsonSubTypes.Type(value = ArchiveEvent.Messages.class, name = "archive.messages"),
    @JsonSubTypes.Type(value = ArchiveEvent.Sealed.class, name = "archive.sealed"),
    @JsonSubTypes.Type(value = ArchiveEvent.Deleted.class, name = "archive.deleted"),
    @JsonSubTypes.Type(value = ArchiveEvent.Redacted.class, name = "archive.redacted"),
    @JsonSubTypes.Type(value = ArchiveEvent.VisibilityChanged.class, name = "archive.visibility"),
    @JsonSubTypes.Type(value = ArchiveEvent.Share.class, name = "archive.share"),
    @JsonSubTypes.Type(value = ArchiveEvent.ShareRevoked.class, name = "archive.share.revoked"),
    @JsonSubTypes.Type(value = ArchiveEvent.GuildAccess.class, name = "guild.access"),
    @JsonSubTypes.Type(value = ArchiveEvent.UserForget.class, name = "user.forget"),
    @JsonSubTypes.Type(value = ArchiveEvent.Accepted.class, name = "archive.accepted"),
    @JsonSubTypes.Type(value = ArchiveEvent.Refused.class, name = "archive.refused"),
    @JsonSubTypes.Type(value = ArchiveEvent.Shared.class, name = "archive.shared"),
    @JsonSubTypes.Type(value = ArchiveEvent.UserForgotten.class, name = "user.forgotten")
})
public sealed interface ArchiveEvent {

    /** The archive the record is about, also its key; null for the guild's events (keyed by the guild id). */
    String archiveId();

    /**
     * @param visibility optional: who may read it; without one, the guild's default
     *                   ({@link GuildAccess#defaultArchiveVisibility}), public when it has none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Created(String archiveId, String guildId, String channelId, String channelName, String reason,
            String createdBy, Long createdAtMillis, Long expiresAtMillis, Visibility visibility) implements ArchiveEvent {

        public Created(String archiveId, String guildId, String channelId, String channelName, String reason,
                String createdBy, Long createdAtMillis, Long expiresAtMillis) {
            this(archiveId, guildId, channelId, channelName, reason, createdBy, createdAtMillis, expiresAtMillis, null);
        }
    }

    /**
     * Who may read an archive or a raid log.
     *
     * @param mode    {@code public}, {@code members} (of the guild), {@code roles} (members holding
     *                one of {@code roleIds}) or {@code staff} (the guild's staff roles)
     * @param roleIds for mode {@code roles} only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Visibility(String mode, List<String> roleIds) {

        public static Visibility of(String mode) {
            return new Visibility(mode, null);
        }
    }

    /** Changes who may read an archive; {@code by} is the moderator's user id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VisibilityChanged(String archiveId, Visibility visibility, String by, String reason) implements ArchiveEvent {
    }

    /** Asks for a link that opens the archive without a login until {@code expiresAtMillis}; answered with {@link Shared}. */
    record Share(String archiveId, Long expiresAtMillis, String by) implements ArchiveEvent {
    }

    /** Ends a share link at once. */
    record ShareRevoked(String archiveId, String shareId, String by) implements ArchiveEvent {
    }

    /**
     * A guild's staff roles and default visibilities (keyed by the guild id); the latest wins.
     *
     * @param defaultArchiveVisibility optional: for archives created without one (else public)
     * @param defaultRaidVisibility    optional: for the guild's raid logs (else public)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GuildAccess(String guildId, List<String> staffRoleIds, Visibility defaultArchiveVisibility,
            Visibility defaultRaidVisibility, String by) implements ArchiveEvent {

        @Override
        public String archiveId() {
            return null;
        }
    }

    /**
     * Forgets a member in every archive and raid log of a guild, or of every guild when {@code
     * guildId} is null (keyed by the guild id, or by the user id then); answered with {@link UserForgotten}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserForget(String guildId, String userId, String requestedBy, String reason) implements ArchiveEvent {

        @Override
        public String archiveId() {
            return null;
        }
    }

    /**
     * @param mentions optional: who and what the batch's messages mention, when a bot would rather
     *                 name each once per batch than on every message
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Messages(String archiveId, List<ArchiveMessage> messages, ArchiveMessage.Mentions mentions)
            implements ArchiveEvent {

        public Messages(String archiveId, List<ArchiveMessage> messages) {
            this(archiveId, messages, null);
        }
    }

    record Sealed(String archiveId, Long sealedAtMillis) implements ArchiveEvent {
    }

    record Deleted(String archiveId, String reason) implements ArchiveEvent {
    }

    /**
     * Moderators remove some messages for privacy: their content, attachments and copies are
     * deleted, and the archive keeps who removed which, when and why.
     *
     * @param by               the moderator's user id
     * @param redactedAtMillis optional: when they removed them (else when Milk stores it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Redacted(String archiveId, List<String> messageIds, String reason, String by, Long redactedAtMillis)
            implements ArchiveEvent {
    }

    /** Milk's reply to {@link Created}. */
    record Accepted(String archiveId, String publicId) implements ArchiveEvent {
    }

    /** Milk's reply to a {@link Created} (or a {@link Share}) it refused: {@code error} names the bad field. */
    record Refused(String archiveId, String error) implements ArchiveEvent {
    }

    /** Milk's reply to {@link Share}: {@code shareUrl} is the link to hand out (its token is shown only here). */
    record Shared(String archiveId, String shareId, String shareUrl) implements ArchiveEvent {
    }

    /** Milk's reply to {@link UserForget}: what it changed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserForgotten(String guildId, String userId, int archivesChanged, int messagesChanged, int raidsChanged,
            int accountsChanged) implements ArchiveEvent {

        @Override
        public String archiveId() {
            return null;
        }
    }
}
