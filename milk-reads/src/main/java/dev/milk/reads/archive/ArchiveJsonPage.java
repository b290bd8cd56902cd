package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;


/** A page of the JSON API: ids as strings, ISO-8601 UTC times, keyset by message id. */
record ArchiveJsonPage(Archive archive, Messages messages) {

    record Archive(String guild, String channelId, String channelName, String reason, String createdBy,
            String createdAt, String sealedAt, String expiresAt, long size) {
    }

    /** @param next the cursor of the following page (a message id), null on the last one */
    record Messages(String next, int size, List<Message> data) {
    }

    record Message(String id, String authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
            String content, String createdAt, String editedAt, String replyToId,
            List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
            List<MessageParts.Sticker> stickers) {
    }

    static ArchiveJsonPage of(ArchiveSummary a, List<ArchivedMessage> messages, String next) {
        return new ArchiveJsonPage(
                new Archive(string(a.guildId()), string(a.channelId()), a.channelName(), a.reason(),
                        string(a.createdBy()), iso(a.createdAt()), iso(a.sealedAt()), iso(a.expiresAt()),
                        a.messageCount()),
                new Messages(next, messages.size(), messages.stream().map(m -> new Message(Long.toString(m.id()),
                        Long.toString(m.authorId()), m.authorName(), m.authorAvatarHash(), m.authorIsBot(), m.content(),
                        iso(m.createdAt()), iso(m.editedAt()), string(m.replyToId()), m.attachments(), m.embeds(),
                        m.stickers())).toList()));
    }

    private static String string(Long value) {
        return value == null ? null : Long.toString(value);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
