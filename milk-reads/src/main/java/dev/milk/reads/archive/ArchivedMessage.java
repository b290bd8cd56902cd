package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;

import dev.milk.archive.ArchiveMessage;

/** One stored message. */
record ArchivedMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<ArchiveMessage.Attachment> attachments, List<ArchiveMessage.Embed> embeds,
        List<ArchiveMessage.Sticker> stickers) {
}
