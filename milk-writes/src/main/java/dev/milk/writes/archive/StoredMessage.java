package dev.milk.writes.archive;

import java.time.Instant;
import java.util.List;

import dev.milk.archive.ArchiveMessage;

/**
 * A validated message, ready to store: attachments, embeds and stickers go to {@code jsonb}
 * columns in their travelling shape, already checked.
 */
public record StoredMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<ArchiveMessage.Attachment> attachments, List<ArchiveMessage.Embed> embeds,
        List<ArchiveMessage.Sticker> stickers) {
}
