package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parts of an archived message as Milk publishes them (JSON API, pages, text). They are read
 * from the stored {@code jsonb} into these records, not into the wire's: a change to what bots send
 * never changes the public API unless these records change too. Times are stored as the wire's
 * epoch milliseconds and published, as every time of the API, in ISO-8601.
 */
final class MessageParts {

    private MessageParts() {
    }

    record Attachment(String id, String filename, String contentType, Long size, String url) {
    }

    record Embed(String title, String description, String url, Integer color, List<Field> fields,
            Author author, Footer footer,
            @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Long timestampMillis,
            Media image, Media thumbnail, Media video, Provider provider) {

        Embed {
            fields = fields == null ? List.of() : fields;
        }

        @JsonProperty
        String timestamp() {
            return iso(timestampMillis);
        }
    }

    record Field(String name, String value, Boolean inline) {
    }

    record Author(String name, String url, String iconUrl) {
    }

    record Footer(String text, String iconUrl) {
    }

    record Media(String url, Integer width, Integer height) {
    }

    record Provider(String name, String url) {
    }

    /** @param format {@code png}, {@code apng}, {@code gif}, {@code lottie}, or null when the bot did not say */
    record Sticker(String id, String name, String format) {
    }

    /** A unicode emoji ({@code name} is the emoji) or a custom one ({@code id} and {@code name}). */
    record Emoji(String id, String name, Boolean animated) {
    }

    record Reaction(Emoji emoji, Integer count) {
    }

    /** @param publicId the archive that holds the thread's own messages, if it was archived */
    record ThreadLink(String id, String name, Integer messageCount, String publicId) {
    }

    record Poll(String question, List<PollAnswer> answers,
            @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Long expiresAtMillis, Boolean multiselect) {

        @JsonProperty
        String expiresAt() {
            return iso(expiresAtMillis);
        }
    }

    record PollAnswer(String text, Emoji emoji, Integer votes) {
    }

    record Forwarded(String content,
            @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Long createdAtMillis,
            List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers) {

        Forwarded {
            content = content == null ? "" : content;
            attachments = attachments == null ? List.of() : attachments;
            embeds = embeds == null ? List.of() : embeds;
            stickers = stickers == null ? List.of() : stickers;
        }

        @JsonProperty
        String createdAt() {
            return iso(createdAtMillis);
        }
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
