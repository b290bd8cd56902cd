package dev.milk.writes.archive;

import java.time.Instant;
import java.util.List;

import dev.milk.archive.ArchiveMessage;

/**
 * A validated message, ready to store: its parts go to {@code jsonb} columns in their travelling
 * shape, already checked.
 *
 * @param type null for an ordinary message, else its Discord type ({@code reply}, {@code join}, ...)
 */
public record StoredMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<ArchiveMessage.Attachment> attachments, List<ArchiveMessage.Embed> embeds,
        List<ArchiveMessage.Sticker> stickers, String type, Integer authorColor,
        List<ArchiveMessage.Reaction> reactions, ArchiveMessage.ThreadLink thread, ArchiveMessage.Poll poll,
        ArchiveMessage.Forwarded forwarded, Boolean pinned) {

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

        Builder pinned(Boolean pinned) {
            this.pinned = pinned;
            return this;
        }

        StoredMessage build() {
            return new StoredMessage(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAt,
                    editedAt, replyToId, attachments, embeds, stickers, type, authorColor, reactions, thread, poll,
                    forwarded, pinned);
        }
    }
}
