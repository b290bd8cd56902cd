package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;


/** One stored message. */
record ArchivedMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
        List<MessageParts.Sticker> stickers) {
}
