package dev.milk.dce.format;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a DiscordChatExporter JSON export, as its {@code JsonMessageWriter} writes it.
 * Every field is optional here: older exports lack the later ones (roles, colours and nicknames
 * came in 2021-2023, stickers in 2022, reaction users in 2023, inline emoji in 2024, forwarded
 * messages in 2026), and Milk's own export leaves out what it cannot say.
 *
 * @param type    DCE's name of the message kind: {@code Default}, {@code Reply}, {@code GuildMemberJoin},
 *                {@code ChannelPinnedMessage}, {@code ThreadCreated}, {@code Call}, ... (or its number,
 *                for a kind DCE did not know)
 * @param content formatted ({@code @Jamie}) or raw ({@code <@123>}) markdown, as the export was asked for;
 *                a system message's is DCE's sentence for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DceMessage(String id, String type, String timestamp, String timestampEdited, String callEndedTimestamp,
        Boolean isPinned, String content, User author, List<Attachment> attachments, List<Embed> embeds,
        List<Sticker> stickers, List<Reaction> reactions, List<User> mentions, Reference reference,
        Forwarded forwardedMessage, Interaction interaction, List<Emoji> inlineEmojis) {

    /**
     * @param discriminator {@code "0000"} for the new user names; a number in exports of 2020
     * @param nickname      the name the server shows (the user name in exports before 2021)
     * @param color         {@code #RRGGBB} of the highest coloured role
     * @param avatarUrl     Discord's CDN link, or a path beside the export ({@code --media})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String id, String name, String discriminator, String nickname, String color, Boolean isBot,
            List<Role> roles, String avatarUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Role(String id, String name, String color, Integer position) {
    }

    /** @param url Discord's CDN link, or a path beside the export ({@code --media}) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(String id, String url, String fileName, Long fileSizeBytes) {
    }

    /** @param color {@code #RRGGBB} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Embed(String title, String url, String timestamp, String description, String color,
            EmbedAuthor author, EmbedImage thumbnail, EmbedImage image, EmbedImage video, EmbedFooter footer,
            List<EmbedImage> images, List<EmbedField> fields, List<Emoji> inlineEmojis) {
    }

    /** @param iconCanonicalUrl the icon's own link when {@code iconUrl} is Discord's proxy or a local path (since 2025) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedAuthor(String name, String url, String iconUrl, String iconCanonicalUrl) {
    }

    /** An image, thumbnail or video; {@code canonicalUrl} as for {@link EmbedAuthor}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedImage(String url, String canonicalUrl, Integer width, Integer height) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedFooter(String text, String iconUrl, String iconCanonicalUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedField(String name, String value, Boolean isInline) {
    }

    /** @param format {@code Png}, {@code Apng}, {@code Lottie} or {@code Gif} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sticker(String id, String name, String format, String sourceUrl) {
    }

    /** @param users who reacted (since 2023; absent when Milk exports, which does not know them) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reaction(Emoji emoji, Integer count, List<User> users) {
    }

    /**
     * @param id   empty for a unicode emoji, whose {@code name} is the emoji itself
     * @param code the emoji's short name ({@code thumbsup}), or a custom emoji's name (since 2023)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Emoji(String id, String name, String code, Boolean isAnimated, String imageUrl) {
    }

    /** @param type {@code Default} (a reply) or {@code Forward} (since 2024; absent before) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reference(String type, String messageId, String channelId, String guildId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Forwarded(String timestamp, String timestampEdited, String content, List<Attachment> attachments,
            List<Embed> embeds, List<Sticker> stickers) {
    }

    /** Who used which application command (since 2023). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Interaction(String id, String name, User user) {
    }
}
