package dev.milk.archive;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Discord message as it travels: ids as decimal strings, times as epoch milliseconds. Every
 * field after {@code stickers} came later and is optional; absent ones are not sent, so a bot
 * that uses none of them writes exactly what the first contract did.
 *
 * @param type                {@code default} (also when absent), {@code reply}, or another of Discord's
 *                            types by its name in {@link MessageTypes} ({@code join}, {@code pin},
 *                            {@code auto_moderation_action}, ...), or Discord's type number in decimal
 *                            ({@code "24"}): a number Milk names is stored as its name, another one as
 *                            the number, and shown as a neutral line naming it
 * @param authorRoleColor     the colour of the author's highest coloured role, RGB
 * @param mentions            who and what the content mentions, so the page shows names, not ids
 * @param thread              the thread this message started
 * @param forwarded           the snapshot of a forwarded message, which this message carries
 * @param flags               Discord's message flags ({@link MessageFlags}): suppressed embeds,
 *                            ephemeral, silent, voice message, components v2
 * @param components          action rows of buttons and select menus, or (with the components-v2
 *                            flag) the whole message as containers, sections, texts and media
 * @param authorRoleColors    the author's role colour gradient, when the role has one
 * @param authorRoleIcon      the icon of the author's highest role with one
 * @param authorPrimaryGuild  the author's server tag
 * @param interactionMetadata who used which command or component this message answers
 * @param autoModeration      what AutoMod blocked or flagged (type {@code auto_moderation_action});
 *                            the blocked message is the content
 * @param pollResult          how a poll ended (type {@code poll_result}); {@code replyToId} names the poll
 * @param pinned              whether the message was pinned in the channel (absent: not known to be)
 * @see #builder() to make one by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash,
        Boolean authorIsBot, String content, Long createdAtMillis, Long editedAtMillis, String replyToId,
        List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers,
        String type, Integer authorRoleColor, Mentions mentions, List<Reaction> reactions, ThreadLink thread,
        Poll poll, Forwarded forwarded, Integer flags, List<MessageComponent> components, RoleColors authorRoleColors,
        RoleIcon authorRoleIcon, PrimaryGuild authorPrimaryGuild, InteractionMetadata interactionMetadata,
        AutoModeration autoModeration, PollResult pollResult, Boolean pinned) {

    /** A message of the first contract. */
    public ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash, Boolean authorIsBot,
            String content, Long createdAtMillis, Long editedAtMillis, String replyToId, List<Attachment> attachments,
            List<Embed> embeds, List<Sticker> stickers) {
        this(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAtMillis, editedAtMillis,
                replyToId, attachments, embeds, stickers, null, null, null, null, null, null, null);
    }

    /** A message of the second contract (before components, flags, voice messages and author extras). */
    public ArchiveMessage(String id, String authorId, String authorName, String authorAvatarHash, Boolean authorIsBot,
            String content, Long createdAtMillis, Long editedAtMillis, String replyToId, List<Attachment> attachments,
            List<Embed> embeds, List<Sticker> stickers, String type, Integer authorRoleColor, Mentions mentions,
            List<Reaction> reactions, ThreadLink thread, Poll poll, Forwarded forwarded) {
        this(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAtMillis, editedAtMillis,
                replyToId, attachments, embeds, stickers, type, authorRoleColor, mentions, reactions, thread, poll,
                forwarded, null, null, null, null, null, null, null, null, null);
    }

    /** A message built by name: every part absent until set. */
    public static ArchiveMessageBuilder builder() {
        return new ArchiveMessageBuilder();
    }

    /** A builder holding every part of this message, to change some of them. */
    public ArchiveMessageBuilder toBuilder() {
        return ArchiveMessageBuilder.of(this);
    }

    /**
     * @param durationSecs a voice message's length (flag {@link MessageFlags#IS_VOICE_MESSAGE})
     * @param waveform     a voice message's waveform as Discord sends it: base64 of up to 256 bytes,
     *                     each a sample's height from 0 to 255
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(String id, String filename, String contentType, Long size, String url,
            Double durationSecs, String waveform) {

        /** An attachment of the first contract. */
        public Attachment(String id, String filename, String contentType, Long size, String url) {
            this(id, filename, contentType, size, url, null, null);
        }
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

    /**
     * @param countDetails how many are normal reactions and how many super reactions ({@code burst})
     * @param burstColors  the colours of a super reaction's animation, {@code #rrggbb}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reaction(Emoji emoji, Integer count, CountDetails countDetails, List<String> burstColors) {

        /** A reaction of the second contract. */
        public Reaction(Emoji emoji, Integer count) {
            this(emoji, count, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CountDetails(Integer normal, Integer burst) {
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

    /** Discord's role colour gradient: two or three RGB colours ({@code tertiaryColor} for the holographic style). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleColors(Integer primaryColor, Integer secondaryColor, Integer tertiaryColor) {
    }

    /**
     * A role's icon: an image (the role's id and the icon's hash) or a unicode emoji.
     *
     * @param name the role's name, which the page shows on hover
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleIcon(String roleId, String icon, String unicodeEmoji, String name) {
    }

    /**
     * A user's server tag, shown beside their name.
     *
     * @param identityGuildId the server the tag is of
     * @param tag             up to 4 characters
     * @param badge           the badge's hash
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrimaryGuild(String identityGuildId, String tag, String badge) {
    }

    /**
     * Who used the command or component this message answers.
     *
     * @param type Discord's interaction type: 2 a command, 3 a component, 5 a modal
     * @param name the command as the user typed it, without the slash ({@code ban}, {@code config set})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InteractionMetadata(String id, Integer type, MentionedUser user, String name) {
    }

    /**
     * @param channelId             where the blocked or flagged message was sent
     * @param channelName           that channel's name
     * @param keyword               the rule's keyword that matched
     * @param keywordMatchedContent the text it matched
     * @param decisionOutcome       {@code blocked} or {@code flagged}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoModeration(String ruleName, String channelId, String channelName, String keyword,
            String keywordMatchedContent, String decisionOutcome) {
    }

    /**
     * @param winnerText  the answer with most votes, absent for a tie or no vote
     * @param winnerVotes its votes
     * @param totalVotes  every answer's votes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PollResult(String question, String winnerText, Emoji winnerEmoji, Integer winnerVotes,
            Integer totalVotes) {
    }

    /**
     * A picture or file a component shows ({@code url} at Discord's CDN).
     *
     * @param contentType the file's type, as Discord tells it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UnfurledMedia(String url, Integer width, Integer height, String contentType) {

        public static UnfurledMedia of(String url) {
            return new UnfurledMedia(url, null, null, null);
        }
    }

    /** One picture of a media gallery. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaItem(UnfurledMedia media, String description, Boolean spoiler) {
    }

    /** An option of a select menu; {@code isDefault} travels as {@code default}, Discord's name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SelectOption(String label, String value, String description, Emoji emoji,
            @JsonProperty("default") Boolean isDefault) {
    }
}
