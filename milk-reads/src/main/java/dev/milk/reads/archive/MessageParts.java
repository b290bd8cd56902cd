package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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

    /** @param durationSecs and {@code waveform} (base64 of byte samples): a voice message's, else null */
    record Attachment(String id, String filename, String contentType, Long size, String url, Double durationSecs,
            String waveform) {

        Attachment(String id, String filename, String contentType, Long size, String url) {
            this(id, filename, contentType, size, url, null, null);
        }
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

    /** @param burstColors a super reaction's colours, {@code #rrggbb} */
    record Reaction(Emoji emoji, Integer count, CountDetails countDetails, List<String> burstColors) {

        Reaction {
            burstColors = burstColors == null ? List.of() : burstColors;
        }
    }

    /** How many of a reaction's count are normal reactions, and how many super reactions ({@code burst}). */
    record CountDetails(Integer normal, Integer burst) {
    }

    /**
     * One of Discord's message components: which fields apply depends on its type (see the
     * contract's {@code MessageComponent}); the others are null. A button's or menu's custom id is
     * the bot's own data, stored but never published.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Component(Integer type, Integer id, List<Component> components, Component accessory, Integer style,
            String label, Emoji emoji, String url, Boolean disabled, String placeholder, List<SelectOption> options,
            Integer minValues, Integer maxValues, String content, UnfurledMedia media, String description,
            Boolean spoiler, List<MediaItem> items, UnfurledMedia file, String name, Long size, Boolean divider,
            Integer spacing, Integer accentColor) {

        Component {
            components = components == null ? List.of() : components;
            options = options == null ? List.of() : options;
            items = items == null ? List.of() : items;
        }
    }

    record UnfurledMedia(String url, Integer width, Integer height, String contentType) {
    }

    record MediaItem(UnfurledMedia media, String description, Boolean spoiler) {
    }

    record SelectOption(String label, String value, String description, Emoji emoji,
            @JsonProperty("default") Boolean isDefault) {
    }

    /** What Discord shows beside an author's name, each null when the author has none. */
    record AuthorExtras(RoleColors roleColors, RoleIcon roleIcon, PrimaryGuild primaryGuild) {

        static final AuthorExtras NONE = new AuthorExtras(null, null, null);
    }

    record RoleColors(Integer primaryColor, Integer secondaryColor, Integer tertiaryColor) {
    }

    /** An image ({@code roleId} and {@code icon}, its hash) or a unicode emoji. */
    record RoleIcon(String roleId, String icon, String unicodeEmoji, String name) {
    }

    /** A server tag, and its server's badge (a hash). */
    record PrimaryGuild(String identityGuildId, String tag, String badge) {
    }

    /** Who used which command ({@code name}) or component this message answers. */
    record InteractionMetadata(String id, Integer type, User user, String name) {
    }

    record User(String id, String name, String avatarHash) {
    }

    /** What a system message tells beyond its type, each null when it does not. */
    record SystemDetails(AutoModeration autoModeration, PollResult pollResult) {

        static final SystemDetails NONE = new SystemDetails(null, null);
    }

    record AutoModeration(String ruleName, String channelId, String channelName, String keyword,
            String keywordMatchedContent, String decisionOutcome) {
    }

    record PollResult(String question, String winnerText, Emoji winnerEmoji, Integer winnerVotes, Integer totalVotes) {
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
