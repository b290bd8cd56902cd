package dev.milk.writes.archive;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.MessageTypes;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;

/**
 * Checks one archived message and every part it carries, naming the first bad field. The limits
 * are Discord's own where it has one (4,000 characters, 10 attachments, 10 embeds, 25 fields,
 * 20 reactions, 10 poll answers), so a real message always passes.
 */
final class MessageCheck {

    static final int MAX_CONTENT = 4_000;
    static final int MAX_ATTACHMENTS = 10;
    static final int MAX_EMBEDS = 10;
    static final int MAX_REACTIONS = 20;
    static final int MAX_POLL_ANSWERS = 10;
    /** Per message; a batch may name up to ten times as many. */
    static final int MAX_MENTIONS = 100;
    private static final Pattern TYPE_NUMBER = Pattern.compile("[0-9]{1,3}");
    private static final Pattern BURST_COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    /** Discord's waveform: at most 256 samples of a byte each. */
    private static final int MAX_WAVEFORM_BYTES = 256;
    private static final double MAX_VOICE_SECONDS = 24 * 3600;
    static final Set<String> STICKER_FORMATS = Set.of("png", "apng", "gif", "lottie");
    private static final int MAX_NAME = 100;
    private static final int MAX_URL = 2_048;

    private MessageCheck() {
    }

    /** @param mentions where the message's mentions go, with the batch's */
    static StoredMessage message(String path, ArchiveMessage m, Instant now, List<Mention> mentions) {
        if (m == null) {
            throw InvalidEventException.field(path, "must be an object");
        }
        // Checked in the order a bad field is named in: the parts first, then the message's own fields.
        StoredMessage.Builder message = StoredMessage.builder()
                .attachments(attachments(path + ".attachments", m.attachments()))
                .embeds(embeds(path + ".embeds", m.embeds()))
                .stickers(stickers(path + ".stickers", m.stickers()))
                .reactions(reactions(path + ".reactions", m.reactions()))
                .components(ComponentCheck.components(path + ".components", m.components()))
                .content(Fields.optionalText(path + ".content", m.content() == null ? "" : m.content(), MAX_CONTENT));
        String type = type(path + ".type", m.type());
        message.type("default".equals(type) ? null : type)
                .authorId(Fields.snowflake(path + ".authorId", m.authorId()))
                .authorName(Fields.text(path + ".authorName", m.authorName(), MAX_NAME))
                .authorAvatarHash(Fields.token(path + ".authorAvatarHash", m.authorAvatarHash(), 64, false));
        mentions.addAll(mentions(path + ".mentions", m.mentions(), MAX_MENTIONS));
        return message
                .id(Fields.snowflake(path + ".id", m.id()))
                .authorIsBot(Boolean.TRUE.equals(m.authorIsBot()))
                .createdAt(Fields.time(path + ".createdAtMillis", m.createdAtMillis(), now))
                .editedAt(Fields.optionalTime(path + ".editedAtMillis", m.editedAtMillis(), now))
                .replyToId(m.replyToId() == null ? null : Fields.snowflake(path + ".replyToId", m.replyToId()))
                .authorColor(colour(path + ".authorRoleColor", m.authorRoleColor()))
                .thread(thread(path + ".thread", m.thread()))
                .poll(poll(path + ".poll", m.poll()))
                .forwarded(forwarded(path + ".forwarded", m.forwarded(), now))
                .flags(flags(path + ".flags", m.flags()))
                .authorExtras(StoredMessage.AuthorExtras.of(roleColors(path + ".authorRoleColors", m.authorRoleColors()),
                        roleIcon(path + ".authorRoleIcon", m.authorRoleIcon()),
                        primaryGuild(path + ".authorPrimaryGuild", m.authorPrimaryGuild())))
                .interaction(interaction(path + ".interactionMetadata", m.interactionMetadata(), mentions))
                .systemDetails(StoredMessage.SystemDetails.of(autoModeration(path + ".autoModeration", m.autoModeration()),
                        pollResult(path + ".pollResult", m.pollResult())))
                .pinned(m.pinned())
                .build();
    }

    /**
     * A name of {@link MessageTypes}, or Discord's number: stored as its name when Milk names it,
     * else as the number, so a type Discord adds later is archived, and shown as such.
     */
    private static String type(String path, String type) {
        if (type == null || MessageTypes.isName(type)) {
            return type;
        }
        if (TYPE_NUMBER.matcher(type).matches() && Integer.parseInt(type) <= MessageTypes.MAX_NUMBER) {
            int number = Integer.parseInt(type);
            String name = MessageTypes.name(number);
            return name != null ? name : Integer.toString(number);
        }
        throw InvalidEventException.field(path, "must be one of Discord's message types, by name ("
                + String.join(", ", MessageTypes.names().values()) + ") or by number from 0 to " + MessageTypes.MAX_NUMBER);
    }

    private static Integer flags(String path, Integer flags) {
        if (flags != null && flags < 0) {
            throw InvalidEventException.field(path, "must be Discord's flags, a number from 0");
        }
        return flags;
    }

    private static ArchiveMessage.RoleColors roleColors(String path, ArchiveMessage.RoleColors colors) {
        if (colors != null) {
            if (colors.primaryColor() == null) {
                throw InvalidEventException.field(path + ".primaryColor", "is required");
            }
            colour(path + ".primaryColor", colors.primaryColor());
            colour(path + ".secondaryColor", colors.secondaryColor());
            colour(path + ".tertiaryColor", colors.tertiaryColor());
        }
        return colors;
    }

    private static ArchiveMessage.RoleIcon roleIcon(String path, ArchiveMessage.RoleIcon icon) {
        if (icon != null) {
            if (icon.icon() == null && icon.unicodeEmoji() == null) {
                throw InvalidEventException.field(path, "needs an icon (with its roleId) or a unicodeEmoji");
            }
            if (icon.icon() != null) {
                Fields.snowflake(path + ".roleId", icon.roleId());
                Fields.token(path + ".icon", icon.icon(), 64, true);
            }
            if (icon.unicodeEmoji() != null) {
                unicodeEmoji(path + ".unicodeEmoji", icon.unicodeEmoji());
            }
            Fields.optionalText(path + ".name", icon.name(), MAX_NAME);
        }
        return icon;
    }

    /** Discord's server tags are 2-4 characters; the badge is an image hash of the tag's server. */
    private static ArchiveMessage.PrimaryGuild primaryGuild(String path, ArchiveMessage.PrimaryGuild guild) {
        if (guild != null) {
            Fields.text(path + ".tag", guild.tag(), 4);
            if (guild.badge() != null || guild.identityGuildId() != null) {
                Fields.snowflake(path + ".identityGuildId", guild.identityGuildId());
            }
            Fields.token(path + ".badge", guild.badge(), 64, false);
        }
        return guild;
    }

    /** @param mentions where its user goes: named in the archive, so a forget finds them and a mention reads their name */
    private static ArchiveMessage.InteractionMetadata interaction(String path, ArchiveMessage.InteractionMetadata i,
            List<Mention> mentions) {
        if (i != null) {
            if (i.id() != null) {
                Fields.snowflake(path + ".id", i.id());
            }
            if (i.type() != null && (i.type() < 1 || i.type() > 255)) {
                throw InvalidEventException.field(path + ".type", "must be Discord's interaction type, from 1 to 255");
            }
            ArchiveMessage.MentionedUser user = object(path + ".user", i.user());
            Fields.snowflake(path + ".user.id", user.id());
            Fields.text(path + ".user.name", user.name(), MAX_NAME);
            Fields.token(path + ".user.avatarHash", user.avatarHash(), 64, false);
            mentions.add(new Mention(Mention.USER, Fields.snowflake(path + ".user.id", user.id()), user.name(),
                    user.avatarHash(), null));
            // A command with its subcommand group and subcommand: three names of up to 32 characters.
            Fields.optionalText(path + ".name", i.name(), MAX_NAME);
        }
        return i;
    }

    private static ArchiveMessage.AutoModeration autoModeration(String path, ArchiveMessage.AutoModeration a) {
        if (a != null) {
            Fields.text(path + ".ruleName", a.ruleName(), MAX_NAME);
            if (a.channelId() != null) {
                Fields.snowflake(path + ".channelId", a.channelId());
            }
            Fields.optionalText(path + ".channelName", a.channelName(), MAX_NAME);
            Fields.optionalText(path + ".keyword", a.keyword(), MAX_NAME);
            Fields.optionalText(path + ".keywordMatchedContent", a.keywordMatchedContent(), MAX_CONTENT);
            if (a.decisionOutcome() != null && !Set.of("blocked", "flagged").contains(a.decisionOutcome())) {
                throw InvalidEventException.field(path + ".decisionOutcome", "must be blocked or flagged");
            }
        }
        return a;
    }

    private static ArchiveMessage.PollResult pollResult(String path, ArchiveMessage.PollResult r) {
        if (r != null) {
            Fields.text(path + ".question", r.question(), 300);
            Fields.optionalText(path + ".winnerText", r.winnerText(), MAX_NAME);
            emoji(path + ".winnerEmoji", r.winnerEmoji(), false);
            notNegative(path + ".winnerVotes", r.winnerVotes());
            notNegative(path + ".totalVotes", r.totalVotes());
        }
        return r;
    }

    static void notNegative(String path, Number value) {
        if (value != null && value.doubleValue() < 0) {
            throw InvalidEventException.field(path, "must not be negative");
        }
    }

    /** Users, roles and channels named once: the page shows their names instead of their ids. */
    static List<Mention> mentions(String path, ArchiveMessage.Mentions mentions, int max) {
        if (mentions == null) {
            return List.of();
        }
        List<Mention> all = new ArrayList<>();
        List<ArchiveMessage.MentionedUser> users = at(path + ".users", mentions.users(), max);
        for (int i = 0; i < users.size(); i++) {
            String at = path + ".users[" + i + "]";
            ArchiveMessage.MentionedUser u = object(at, users.get(i));
            all.add(new Mention(Mention.USER, Fields.snowflake(at + ".id", u.id()), Fields.text(at + ".name", u.name(), MAX_NAME),
                    Fields.token(at + ".avatarHash", u.avatarHash(), 64, false), null));
        }
        List<ArchiveMessage.MentionedRole> roles = at(path + ".roles", mentions.roles(), max);
        for (int i = 0; i < roles.size(); i++) {
            String at = path + ".roles[" + i + "]";
            ArchiveMessage.MentionedRole r = object(at, roles.get(i));
            all.add(new Mention(Mention.ROLE, Fields.snowflake(at + ".id", r.id()), Fields.text(at + ".name", r.name(), MAX_NAME),
                    null, colour(at + ".color", r.color())));
        }
        List<ArchiveMessage.MentionedChannel> channels = at(path + ".channels", mentions.channels(), max);
        for (int i = 0; i < channels.size(); i++) {
            String at = path + ".channels[" + i + "]";
            ArchiveMessage.MentionedChannel c = object(at, channels.get(i));
            all.add(new Mention(Mention.CHANNEL, Fields.snowflake(at + ".id", c.id()),
                    Fields.text(at + ".name", c.name(), MAX_NAME), null, null));
        }
        return all;
    }

    private static List<ArchiveMessage.Attachment> attachments(String path, List<ArchiveMessage.Attachment> values) {
        List<ArchiveMessage.Attachment> attachments = at(path, values, MAX_ATTACHMENTS);
        for (int i = 0; i < attachments.size(); i++) {
            String at = path + "[" + i + "]";
            ArchiveMessage.Attachment a = object(at, attachments.get(i));
            Fields.snowflake(at + ".id", a.id());
            Fields.text(at + ".filename", a.filename(), 255);
            Fields.optionalText(at + ".contentType", a.contentType(), 255);
            if (a.size() == null || a.size() < 0) {
                throw InvalidEventException.field(at + ".size", "must be a number of bytes");
            }
            httpsUrl(at + ".url", a.url(), true);
            if (a.durationSecs() != null && (a.durationSecs().isNaN() || a.durationSecs() < 0
                    || a.durationSecs() > MAX_VOICE_SECONDS)) {
                throw InvalidEventException.field(at + ".durationSecs", "must be a number of seconds from 0 to 86400");
            }
            waveform(at + ".waveform", a.waveform());
        }
        return attachments;
    }

    private static void waveform(String path, String waveform) {
        if (waveform == null) {
            return;
        }
        try {
            if (Base64.getDecoder().decode(waveform).length > MAX_WAVEFORM_BYTES) {
                throw InvalidEventException.field(path, "must be at most " + MAX_WAVEFORM_BYTES + " samples");
            }
        } catch (IllegalArgumentException e) {
            throw InvalidEventException.field(path, "must be base64, as Discord sends it");
        }
    }

    private static List<ArchiveMessage.Embed> embeds(String path, List<ArchiveMessage.Embed> values) {
        List<ArchiveMessage.Embed> embeds = at(path, values, MAX_EMBEDS);
        for (int i = 0; i < embeds.size(); i++) {
            embed(path + "[" + i + "]", object(path + "[" + i + "]", embeds.get(i)));
        }
        return embeds;
    }

    private static void embed(String path, ArchiveMessage.Embed e) {
        Fields.optionalText(path + ".title", e.title(), 256);
        Fields.optionalText(path + ".description", e.description(), 4_096);
        httpsUrl(path + ".url", e.url(), false);
        colour(path + ".color", e.color());
        List<ArchiveMessage.Field> fields = at(path + ".fields", e.fields(), 25);
        for (int i = 0; i < fields.size(); i++) {
            ArchiveMessage.Field field = object(path + ".fields[" + i + "]", fields.get(i));
            Fields.text(path + ".fields[" + i + "].name", field.name(), 256);
            Fields.text(path + ".fields[" + i + "].value", field.value(), 1_024);
        }
        if (e.author() != null) {
            Fields.text(path + ".author.name", e.author().name(), 256);
            httpsUrl(path + ".author.url", e.author().url(), false);
            httpsUrl(path + ".author.iconUrl", e.author().iconUrl(), false);
        }
        if (e.footer() != null) {
            Fields.text(path + ".footer.text", e.footer().text(), 2_048);
            httpsUrl(path + ".footer.iconUrl", e.footer().iconUrl(), false);
        }
        Fields.optionalCalendarTime(path + ".timestampMillis", e.timestampMillis());
        media(path + ".image", e.image());
        media(path + ".thumbnail", e.thumbnail());
        media(path + ".video", e.video());
        if (e.provider() != null) {
            Fields.optionalText(path + ".provider.name", e.provider().name(), 256);
            httpsUrl(path + ".provider.url", e.provider().url(), false);
        }
    }

    private static void media(String path, ArchiveMessage.EmbedMedia media) {
        if (media == null) {
            return;
        }
        httpsUrl(path + ".url", media.url(), true);
        if ((media.width() != null && media.width() < 0) || (media.height() != null && media.height() < 0)) {
            throw InvalidEventException.field(path, "width and height must not be negative");
        }
    }

    private static List<ArchiveMessage.Sticker> stickers(String path, List<ArchiveMessage.Sticker> values) {
        List<ArchiveMessage.Sticker> stickers = at(path, values, 3);
        for (int i = 0; i < stickers.size(); i++) {
            String at = path + "[" + i + "]";
            ArchiveMessage.Sticker sticker = object(at, stickers.get(i));
            Fields.snowflake(at + ".id", sticker.id());
            Fields.text(at + ".name", sticker.name(), MAX_NAME);
            if (sticker.format() != null && !STICKER_FORMATS.contains(sticker.format())) {
                throw InvalidEventException.field(at + ".format", "must be png, apng, gif or lottie");
            }
        }
        return stickers;
    }

    private static List<ArchiveMessage.Reaction> reactions(String path, List<ArchiveMessage.Reaction> values) {
        List<ArchiveMessage.Reaction> reactions = at(path, values, MAX_REACTIONS);
        for (int i = 0; i < reactions.size(); i++) {
            String at = path + "[" + i + "]";
            ArchiveMessage.Reaction reaction = object(at, reactions.get(i));
            emoji(at + ".emoji", reaction.emoji(), true);
            if (reaction.count() == null || reaction.count() < 1) {
                throw InvalidEventException.field(at + ".count", "must be a positive number");
            }
            if (reaction.countDetails() != null) {
                notNegative(at + ".countDetails.normal", reaction.countDetails().normal());
                notNegative(at + ".countDetails.burst", reaction.countDetails().burst());
            }
            List<String> colours = at(at + ".burstColors", reaction.burstColors(), 10);
            for (int c = 0; c < colours.size(); c++) {
                if (colours.get(c) == null || !BURST_COLOUR.matcher(colours.get(c)).matches()) {
                    throw InvalidEventException.field(at + ".burstColors[" + c + "]", "must be a colour as #rrggbb");
                }
            }
        }
        return reactions;
    }

    /** A custom emoji has an id and a name of 2-32 word characters; a unicode one is at most 32 characters. */
    private static void unicodeEmoji(String path, String emoji) {
        Fields.text(path, emoji, 32);
        if (emoji.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw InvalidEventException.field(path, "must be an emoji, without spaces or control characters");
        }
    }

    static void emoji(String path, ArchiveMessage.Emoji emoji, boolean required) {
        if (emoji == null) {
            if (required) {
                throw InvalidEventException.field(path, "is required");
            }
            return;
        }
        if (emoji.id() != null) {
            Fields.snowflake(path + ".id", emoji.id());
            if (emoji.name() == null || !emoji.name().matches("\\w{2,32}")) {
                throw InvalidEventException.field(path + ".name", "of a custom emoji must be 2-32 letters, digits or '_'");
            }
        } else {
            unicodeEmoji(path + ".name", emoji.name());
        }
    }

    private static ArchiveMessage.ThreadLink thread(String path, ArchiveMessage.ThreadLink thread) {
        if (thread != null) {
            Fields.snowflake(path + ".id", thread.id());
            Fields.text(path + ".name", thread.name(), MAX_NAME);
            if (thread.messageCount() != null && thread.messageCount() < 0) {
                throw InvalidEventException.field(path + ".messageCount", "must not be negative");
            }
            Fields.token(path + ".archiveId", thread.archiveId(), 64, false);
        }
        return thread;
    }

    private static ArchiveMessage.Poll poll(String path, ArchiveMessage.Poll poll) {
        if (poll != null) {
            Fields.text(path + ".question", poll.question(), 300);
            List<ArchiveMessage.PollAnswer> answers = at(path + ".answers", poll.answers(), MAX_POLL_ANSWERS);
            if (answers.isEmpty()) {
                throw InvalidEventException.field(path + ".answers", "needs at least one answer");
            }
            for (int i = 0; i < answers.size(); i++) {
                String at = path + ".answers[" + i + "]";
                ArchiveMessage.PollAnswer answer = object(at, answers.get(i));
                Fields.text(at + ".text", answer.text(), MAX_NAME);
                emoji(at + ".emoji", answer.emoji(), false);
                if (answer.votes() != null && answer.votes() < 0) {
                    throw InvalidEventException.field(at + ".votes", "must not be negative");
                }
            }
            Fields.optionalCalendarTime(path + ".expiresAtMillis", poll.expiresAtMillis());
        }
        return poll;
    }

    private static ArchiveMessage.Forwarded forwarded(String path, ArchiveMessage.Forwarded forwarded, Instant now) {
        if (forwarded != null) {
            Fields.optionalText(path + ".content", forwarded.content(), MAX_CONTENT);
            Fields.optionalTime(path + ".createdAtMillis", forwarded.createdAtMillis(), now);
            attachments(path + ".attachments", forwarded.attachments());
            embeds(path + ".embeds", forwarded.embeds());
            stickers(path + ".stickers", forwarded.stickers());
        }
        return forwarded;
    }

    static Integer colour(String path, Integer colour) {
        if (colour != null && (colour < 0 || colour > 0xFFFFFF)) {
            throw InvalidEventException.field(path, "must be an RGB integer from 0 to 16777215");
        }
        return colour;
    }

    /** Only https links are stored: whatever else a message carries, a page must never link to it. */
    static void httpsUrl(String path, String url, boolean required) {
        if (url == null) {
            if (required) {
                throw InvalidEventException.field(path, "is required");
            }
            return;
        }
        Fields.optionalText(path, url, MAX_URL);
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw InvalidEventException.field(path, "must be an https URL");
            }
        } catch (URISyntaxException e) {
            throw InvalidEventException.field(path, "must be an https URL");
        }
    }

    static <T> List<T> at(String path, List<T> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw InvalidEventException.field(path, "has more than " + max + " entries");
        }
        return values;
    }

    static <T> T object(String path, T value) {
        if (value == null) {
            throw InvalidEventException.field(path, "must be an object");
        }
        return value;
    }
}
