package dev.milk.archive;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A Discord message as it travels: ids as decimal strings, times as epoch milliseconds. Every
 * field after {@code stickers} came later and is optional; absent ones are not sent, so a bot
 * that uses none of them writes exactly what the first contract did.
 *
 * @param type            {@code default} (also when absent), {@code reply}, or a system message:
 *                        {@code join}, {@code pin}, {@code boost}, {@code boost_tier_1} to {@code _3},
 *                        {@code thread_created}, {@code channel_name_change}, {@code channel_follow},
 *                        {@code call}
 * @param authorRoleColor the colour of the author's highest coloured role, RGB
 * @param mentions        who and what the content mentions, so the page shows names, not ids
 * @param thread          the thread this message started
 * @param forwarded       the snapshot of a forwarded message, which this message carries
 * @param pinned          whether the message was pinned in the channel (absent: not known to be)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash,
        Boolean authorIsBot, String content, Long createdAtMillis, Long editedAtMillis, String replyToId,
        List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers,
        String type, Integer authorRoleColor, Mentions mentions, List<Reaction> reactions, ThreadLink thread,
        Poll poll, Forwarded forwarded, Boolean pinned) {

    /** A message without the fields added after {@code forwarded}. */
    public ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash, Boolean authorIsBot,
            String content, Long createdAtMillis, Long editedAtMillis, String replyToId, List<Attachment> attachments,
            List<Embed> embeds, List<Sticker> stickers, String type, Integer authorRoleColor, Mentions mentions,
            List<Reaction> reactions, ThreadLink thread, Poll poll, Forwarded forwarded) {
        this(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAtMillis, editedAtMillis,
                replyToId, attachments, embeds, stickers, type, authorRoleColor, mentions, reactions, thread, poll,
                forwarded, null);
    }

    /** A message of the first contract. */
    public ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash, Boolean authorIsBot,
            String content, Long createdAtMillis, Long editedAtMillis, String replyToId, List<Attachment> attachments,
            List<Embed> embeds, List<Sticker> stickers) {
        this(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAtMillis, editedAtMillis,
                replyToId, attachments, embeds, stickers, null, null, null, null, null, null, null, null);
    }

    public record Attachment(String id, String filename, String contentType, Long size, String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Embed(String title, String description, String url, Integer color, List<Field> fields,
            EmbedAuthor author, EmbedFooter footer, Long timestampMillis, EmbedMedia image, EmbedMedia thumbnail,
            EmbedMedia video, EmbedProvider provider) {

        /** An embed of the first contract. */
        public Embed(String title, String description, String url, Integer color, List<Field> fields) {
            this(title, description, url, color, fields, null, null, null, null, null, null, null);
        }
    }

    public record Field(String name, String value, Boolean inline) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedAuthor(String name, String url, String iconUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedFooter(String text, String iconUrl) {
    }

    /** An image, thumbnail or video of an embed; a video is shown as a link, never played. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedMedia(String url, Integer width, Integer height) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedProvider(String name, String url) {
    }

    /** @param format {@code png}, {@code apng}, {@code gif} or {@code lottie} (shown by name only) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sticker(String id, String name, String format) {

        /** A sticker of the first contract. */
        public Sticker(String id, String name) {
            this(id, name, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mentions(List<MentionedUser> users, List<MentionedRole> roles, List<MentionedChannel> channels) {
    }

    /** @param name the display name the server shows */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MentionedUser(String id, String name, String avatarHash) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MentionedRole(String id, String name, Integer color) {
    }

    public record MentionedChannel(String id, String name) {
    }

    /** A unicode emoji ({@code name} is the emoji itself, no id) or a server's custom one (id and name). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Emoji(String id, String name, Boolean animated) {
    }

    public record Reaction(Emoji emoji, Integer count) {
    }

    /** @param archiveId the bot's id of the archive that holds the thread's own messages, if archived */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadLink(String id, String name, Integer messageCount, String archiveId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Poll(String question, List<PollAnswer> answers, Long expiresAtMillis, Boolean multiselect) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PollAnswer(String text, Emoji emoji, Integer votes) {
    }

    /** What a forwarded message showed when it was forwarded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Forwarded(String content, Long createdAtMillis, List<Attachment> attachments, List<Embed> embeds,
            List<Sticker> stickers) {
    }
}
