package dev.milk.reads.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored message.
 *
 * @param type        null for an ordinary message, else Discord's type ({@code reply}, {@code join}, ...)
 * @param redactionId set when moderators removed the message: its content and parts are gone
 */
record ArchivedMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
        List<MessageParts.Sticker> stickers, String type, Integer authorColor, List<MessageParts.Reaction> reactions,
        MessageParts.ThreadLink thread, MessageParts.Poll poll, MessageParts.Forwarded forwarded, Long redactionId) {

    /** Every text of the message that may hold mentions. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        texts.add(content);
        embeds.forEach(e -> embedTexts(e, texts));
        if (forwarded != null) {
            texts.add(forwarded.content());
            forwarded.embeds().forEach(e -> embedTexts(e, texts));
        }
        return texts;
    }

    private static void embedTexts(MessageParts.Embed e, List<String> texts) {
        if (e.description() != null) {
            texts.add(e.description());
        }
        e.fields().forEach(f -> texts.add(f.value()));
    }
}
