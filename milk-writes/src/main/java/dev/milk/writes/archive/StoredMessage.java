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
        ArchiveMessage.Forwarded forwarded) {

    /** When this version of the message was written. */
    Instant versionAt() {
        return editedAt == null ? createdAt : editedAt;
    }
}
