package dev.milk.writes.archive;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.MessageComponent;

/**
 * A validated message, ready to store: its parts go to {@code jsonb} columns in their travelling
 * shape, already checked.
 *
 * @param type       null for an ordinary message, else its Discord type ({@code reply}, {@code join}, ...),
 *                   or Discord's number for a type Milk does not name
 * @param components empty when it has none
 */
public record StoredMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<ArchiveMessage.Attachment> attachments, List<ArchiveMessage.Embed> embeds,
        List<ArchiveMessage.Sticker> stickers, String type, Integer authorColor,
        List<ArchiveMessage.Reaction> reactions, ArchiveMessage.ThreadLink thread, ArchiveMessage.Poll poll,
        ArchiveMessage.Forwarded forwarded, Integer flags, List<MessageComponent> components,
        AuthorExtras authorExtras, ArchiveMessage.InteractionMetadata interaction, SystemDetails systemDetails,
        Boolean pinned) {

    /** What Discord shows beside an author's name: stored together, in one column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthorExtras(ArchiveMessage.RoleColors roleColors, ArchiveMessage.RoleIcon roleIcon,
            ArchiveMessage.PrimaryGuild primaryGuild) {

        /** @return null when the author has none */
        static AuthorExtras of(ArchiveMessage.RoleColors roleColors, ArchiveMessage.RoleIcon roleIcon,
                ArchiveMessage.PrimaryGuild primaryGuild) {
            return roleColors == null && roleIcon == null && primaryGuild == null ? null
                    : new AuthorExtras(roleColors, roleIcon, primaryGuild);
        }
    }

    /** What a system message tells beyond its type: stored together, in one column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SystemDetails(ArchiveMessage.AutoModeration autoModeration, ArchiveMessage.PollResult pollResult) {

        /** @return null when the message tells neither */
        static SystemDetails of(ArchiveMessage.AutoModeration autoModeration, ArchiveMessage.PollResult pollResult) {
            return autoModeration == null && pollResult == null ? null : new SystemDetails(autoModeration, pollResult);
        }
    }

    /** The same message answering another interaction (its user forgotten, say). */
    StoredMessage withInteraction(ArchiveMessage.InteractionMetadata other) {
        return new StoredMessage(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAt, editedAt,
                replyToId, attachments, embeds, stickers, type, authorColor, reactions, thread, poll, forwarded, flags,
                components, authorExtras, other, systemDetails, pinned);
    }

    /** When this version of the message was written. */
    Instant versionAt() {
        return editedAt == null ? createdAt : editedAt;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Names each of the many components: the record's constructor takes them by position. */
    static final class Builder {

        private long id;
        private long authorId;
        private String authorName;
        private String authorAvatarHash;
        private boolean authorIsBot;
        private Integer authorColor;
        private String content;
        private Instant createdAt;
        private Instant editedAt;
        private Long replyToId;
        private String type;
        private List<ArchiveMessage.Attachment> attachments;
        private List<ArchiveMessage.Embed> embeds;
        private List<ArchiveMessage.Sticker> stickers;
        private List<ArchiveMessage.Reaction> reactions;
        private ArchiveMessage.ThreadLink thread;
        private ArchiveMessage.Poll poll;
        private ArchiveMessage.Forwarded forwarded;
        private Integer flags;
        private List<MessageComponent> components;
        private AuthorExtras authorExtras;
        private ArchiveMessage.InteractionMetadata interaction;
        private SystemDetails systemDetails;
        private Boolean pinned;

        private Builder() {
        }

        Builder id(long id) {
            this.id = id;
            return this;
        }

        Builder authorId(long authorId) {
            this.authorId = authorId;
            return this;
        }

        Builder authorName(String authorName) {
            this.authorName = authorName;
            return this;
        }

        Builder authorAvatarHash(String authorAvatarHash) {
            this.authorAvatarHash = authorAvatarHash;
            return this;
        }

        Builder authorIsBot(boolean authorIsBot) {
            this.authorIsBot = authorIsBot;
            return this;
        }

        Builder authorColor(Integer authorColor) {
            this.authorColor = authorColor;
            return this;
        }

        Builder content(String content) {
            this.content = content;
            return this;
        }

        Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        Builder editedAt(Instant editedAt) {
            this.editedAt = editedAt;
            return this;
        }

        Builder replyToId(Long replyToId) {
            this.replyToId = replyToId;
            return this;
        }

        Builder type(String type) {
            this.type = type;
            return this;
        }

        Builder attachments(List<ArchiveMessage.Attachment> attachments) {
            this.attachments = attachments;
            return this;
        }

        Builder embeds(List<ArchiveMessage.Embed> embeds) {
            this.embeds = embeds;
            return this;
        }

        Builder stickers(List<ArchiveMessage.Sticker> stickers) {
            this.stickers = stickers;
            return this;
        }

        Builder reactions(List<ArchiveMessage.Reaction> reactions) {
            this.reactions = reactions;
            return this;
        }

        Builder thread(ArchiveMessage.ThreadLink thread) {
            this.thread = thread;
            return this;
        }

        Builder poll(ArchiveMessage.Poll poll) {
            this.poll = poll;
            return this;
        }

        Builder forwarded(ArchiveMessage.Forwarded forwarded) {
            this.forwarded = forwarded;
            return this;
        }

        Builder flags(Integer flags) {
            this.flags = flags;
            return this;
        }

        Builder components(List<MessageComponent> components) {
            this.components = components;
            return this;
        }

        Builder authorExtras(AuthorExtras authorExtras) {
            this.authorExtras = authorExtras;
            return this;
        }

        Builder interaction(ArchiveMessage.InteractionMetadata interaction) {
            this.interaction = interaction;
            return this;
        }

        Builder systemDetails(SystemDetails systemDetails) {
            this.systemDetails = systemDetails;
            return this;
        }

        Builder pinned(Boolean pinned) {
            this.pinned = pinned;
            return this;
        }

        StoredMessage build() {
            return new StoredMessage(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAt,
                    editedAt, replyToId, attachments, embeds, stickers, type, authorColor, reactions, thread, poll,
                    forwarded, flags, components, authorExtras, interaction, systemDetails, pinned);
        }
    }
}
