package dev.milk.archive;

import java.util.List;

/** A Discord message as it travels: ids as decimal strings, times as epoch milliseconds. */
public record ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash,
        Boolean authorIsBot, String content, Long createdAtMillis, Long editedAtMillis, String replyToId,
        List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers) {

    public record Attachment(String id, String filename, String contentType, Long size, String url) {
    }

    public record Embed(String title, String description, String url, Integer color, List<Field> fields) {
    }

    public record Field(String name, String value, Boolean inline) {
    }

    public record Sticker(String id, String name) {
    }
}
