package dev.milk.dce.importer;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.archive.ArchiveMessage;
import dev.milk.dce.format.DceKinds;
import dev.milk.dce.format.DceMessage;
import dev.milk.dce.format.DceValues;

/**
 * A DCE message as a bot would send it to Milk. What Milk would refuse a whole batch for is
 * settled here, message by message: a message without a Discord id, author or time is not
 * imported (its line is reported), and a part Milk cannot keep (a link that is not https, a file
 * beside the export that nothing serves, more than Discord's own limits) is left out and reported,
 * the rest of the message imported.
 */
final class DceConversion {

    /** Discord's limits, as Milk checks them. */
    private static final int MAX_CONTENT = 4_000;
    private static final int MAX_ATTACHMENTS = 10;
    private static final int MAX_EMBEDS = 10;
    private static final int MAX_FIELDS = 25;
    private static final int MAX_REACTIONS = 20;
    private static final int MAX_MENTIONS = 100;
    private static final int MAX_NAME = 100;
    private static final Set<String> STICKER_FORMATS = Set.of("png", "apng", "gif", "lottie");
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final int MAX_STICKERS = 3;
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59Z");
    /** A user's own avatar on Discord's CDN (a member's per-server one is not the user's, so it is not kept). */
    private static final Pattern AVATAR = Pattern.compile("https://cdn\\.discordapp\\.com/avatars/(\\d{1,20})/(\\w{1,64})\\.\\w+(\\?.*)?");
    /**
     * A user's avatar as {@code --media} saved it: DCE names the file after the link's last segment
     * (the hash), a dash and the first 16 (before 2025: 5) hex digits of the link's SHA-256.
     */
    private static final Pattern SAVED_AVATAR = Pattern.compile("(?:.*[/\\\\])?((?:a_)?[0-9a-f]{32})-(?:[0-9a-f]{16}|[0-9a-f]{5})\\.\\w+");

    /** @param left what of the message was left out, each saying why */
    record Converted(ArchiveMessage message, List<String> left) {
    }

    /** The message cannot be imported at all. */
    static final class NotImported extends RuntimeException {

        NotImported(String reason) {
            super(reason, null, false, false);
        }
    }

    private final LocalMedia media;
    private final Path directory;

    /** @param directory the export's folder, which {@code --media} paths are relative to */
    DceConversion(LocalMedia media, Path directory) {
        this.media = media;
        this.directory = directory;
    }

    Converted convert(DceMessage m) {
        List<String> left = new ArrayList<>();
        String id = snowflake(m.id(), "id");
        DceMessage.User author = m.author();
        if (author == null) {
            throw new NotImported("message " + id + " has no author");
        }
        String authorId = snowflake(author.id(), "author.id");
        Instant created = time(m.timestamp(), "timestamp");
        if (created == null) {
            throw new NotImported("message " + id + " has no timestamp");
        }
        Instant edited = time(m.timestampEdited(), "timestampEdited");
        String content = m.content() == null ? "" : m.content();
        if (content.length() > MAX_CONTENT) {
            throw new NotImported("message " + id + " has " + content.length() + " characters of content; Milk keeps "
                    + MAX_CONTENT + ", as Discord does (a formatted export may spell mentions out longer)");
        }
        String type = DceKinds.milkType(m.type());
        String replyTo = null;
        DceMessage.Reference reference = m.reference();
        if (reference != null && !"Forward".equals(reference.type()) && reference.messageId() != null
                && isSnowflake(reference.messageId())) {
            replyTo = reference.messageId();
            type = type == null ? "reply" : type;
        }
        ArchiveMessage.Forwarded forwarded = null;
        if (m.forwardedMessage() != null) {
            DceMessage.Forwarded f = m.forwardedMessage();
            forwarded = new ArchiveMessage.Forwarded(f.content(), millis(time(f.timestamp(), "forwardedMessage.timestamp")),
                    attachments(f.attachments(), left), embeds(f.embeds(), left), stickers(f.stickers(), left));
        }
        return new Converted(ArchiveMessage.builder().id(id).authorId(authorId).authorName(name(author))
                .authorAvatarHash(avatarHash(author)).authorIsBot(author.isBot()).content(content)
                .createdAtMillis(created.toEpochMilli()).editedAtMillis(millis(edited)).replyToId(replyTo)
                .attachments(attachments(m.attachments(), left)).embeds(embeds(m.embeds(), left))
                .stickers(stickers(m.stickers(), left)).type(type).authorRoleColor(DceValues.colour(author.color()))
                .mentions(mentions(m.mentions())).reactions(reactions(m.reactions(), left)).forwarded(forwarded)
                .interactionMetadata(interaction(m.interaction(), left))
                .pinned(Boolean.TRUE.equals(m.isPinned()) ? Boolean.TRUE : null).build(), left);
    }

    /** Who used which command ("Jamie used /ban"), as DCE writes it; without a valid user, left out. */
    private static ArchiveMessage.InteractionMetadata interaction(DceMessage.Interaction i, List<String> left) {
        if (i == null) {
            return null;
        }
        DceMessage.User user = i.user();
        if (user == null || user.id() == null || !isSnowflake(user.id())) {
            left.add("the command's user has no Discord id");
            return null;
        }
        String command = i.name() == null || i.name().isBlank() ? null
                : i.name().length() > MAX_NAME ? i.name().substring(0, MAX_NAME) : i.name();
        String interactionId = i.id() != null && isSnowflake(i.id()) ? i.id() : null;
        return new ArchiveMessage.InteractionMetadata(interactionId, null,
                new ArchiveMessage.MentionedUser(user.id(), name(user), avatarHash(user)), command);
    }

    private static String snowflake(String value, String field) {
        if (value == null || !isSnowflake(value)) {
            throw new NotImported(field + " '" + value + "' is not a Discord id");
        }
        return value;
    }

    private static Instant time(String value, String field) {
        try {
            Instant at = DceValues.instant(value);
            if (at != null && (at.isBefore(Instant.EPOCH) || at.isAfter(LAST_TIME))) {
                throw new NotImported(field + " '" + value + "' is not a time Discord wrote");
            }
            return at;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new NotImported(field + " " + e.getMessage());
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** Digits a Discord id can be: Milk keeps them as a long, and refuses a batch with one past it. */
    private static boolean isSnowflake(String value) {
        if (value == null || !SNOWFLAKE.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    /**
     * A text at Discord's length for it: a formatted export spells mentions out, longer than Discord
     * counted them, and Milk refuses a batch holding a longer one.
     */
    private static String cut(String text, int max, String what, List<String> left) {
        if (text == null || text.length() <= max) {
            return text;
        }
        left.add(what + " cut to " + max + " characters, as Discord keeps");
        return text.substring(0, max);
    }

    /** Null for an empty text, which Milk takes for none. */
    private static String blankless(String text, int max, String what, List<String> left) {
        return cut(blankless(text), max, what, left);
    }

    /** The name the server shows (DCE's nickname), else the user name, at Milk's length. */
    static String name(DceMessage.User user) {
        String name = user.nickname() != null && !user.nickname().isBlank() ? user.nickname() : user.name();
        if (name == null || name.isBlank()) {
            return "Unknown user";
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String avatarHash(DceMessage.User user) {
        if (user.avatarUrl() == null) {
            return null;
        }
        Matcher m = AVATAR.matcher(user.avatarUrl());
        if (m.matches()) {
            return m.group(1).equals(user.id()) ? m.group(2) : null;
        }
        Matcher saved = SAVED_AVATAR.matcher(user.avatarUrl());
        return saved.matches() ? saved.group(1) : null;
    }

    private List<ArchiveMessage.Attachment> attachments(List<DceMessage.Attachment> values, List<String> left) {
        List<ArchiveMessage.Attachment> kept = new ArrayList<>();
        for (DceMessage.Attachment a : values == null ? List.<DceMessage.Attachment>of() : values) {
            String name = a.fileName() == null || a.fileName().isBlank() ? "file" : a.fileName();
            if (a.id() == null || !isSnowflake(a.id())) {
                left.add("attachment '" + name + "' has no Discord id");
                continue;
            }
            LocalMedia.Resolved url = url(a.url());
            if (url.url() == null) {
                left.add("attachment '" + name + "' " + url.problem());
                continue;
            }
            if (kept.size() == MAX_ATTACHMENTS) {
                left.add("attachment '" + name + "': Milk keeps " + MAX_ATTACHMENTS + " per message, as Discord does");
                continue;
            }
            kept.add(new ArchiveMessage.Attachment(a.id(), name.length() > 255 ? name.substring(0, 255) : name, null,
                    a.fileSizeBytes() == null || a.fileSizeBytes() < 0 ? 0L : a.fileSizeBytes(), url.url()));
        }
        return kept;
    }

    private List<ArchiveMessage.Embed> embeds(List<DceMessage.Embed> values, List<String> left) {
        List<ArchiveMessage.Embed> kept = new ArrayList<>();
        for (DceMessage.Embed e : values == null ? List.<DceMessage.Embed>of() : values) {
            if (kept.size() == MAX_EMBEDS) {
                left.add("an embed: Milk keeps " + MAX_EMBEDS + " per message, as Discord does");
                continue;
            }
            List<ArchiveMessage.Field> fields = new ArrayList<>();
            for (DceMessage.EmbedField f : e.fields() == null ? List.<DceMessage.EmbedField>of() : e.fields()) {
                if (f.name() == null || f.name().isBlank() || f.value() == null || f.value().isBlank()) {
                    left.add("an embed's field without a name or a value");
                } else if (fields.size() < MAX_FIELDS) {
                    fields.add(new ArchiveMessage.Field(cut(f.name(), 256, "an embed field's name", left),
                            cut(f.value(), 1_024, "an embed field's value", left), f.isInline()));
                }
            }
            DceMessage.EmbedImage image = e.image() != null ? e.image()
                    : e.images() != null && !e.images().isEmpty() ? e.images().getFirst() : null;
            ArchiveMessage.EmbedAuthor author = e.author() == null || blankless(e.author().name()) == null ? null
                    : new ArchiveMessage.EmbedAuthor(cut(e.author().name(), 256, "an embed author's name", left),
                            remote(e.author().url()), icon(e.author().iconCanonicalUrl(), e.author().iconUrl()));
            ArchiveMessage.EmbedFooter footer = e.footer() == null || blankless(e.footer().text()) == null ? null
                    : new ArchiveMessage.EmbedFooter(cut(e.footer().text(), 2_048, "an embed footer", left),
                            icon(e.footer().iconCanonicalUrl(), e.footer().iconUrl()));
            Instant at;
            try {
                at = DceValues.instant(e.timestamp());
            } catch (IllegalArgumentException ignored) {
                at = null;
            }
            kept.add(new ArchiveMessage.Embed(blankless(e.title(), 256, "an embed's title", left),
                    blankless(e.description(), 4_096, "an embed's description", left), remote(e.url()),
                    DceValues.colour(e.color()), fields, author, footer, millis(at), media(image, "image", left),
                    media(e.thumbnail(), "thumbnail", left), media(e.video(), "video", left), null));
        }
        return kept;
    }

    /** An embed's image: the file beside the export when it is served, else the image's own link. */
    private ArchiveMessage.EmbedMedia media(DceMessage.EmbedImage image, String what, List<String> left) {
        if (image == null || (image.url() == null && image.canonicalUrl() == null)) {
            return null;
        }
        LocalMedia.Resolved local = url(image.url());
        String url = local.url() != null ? local.url() : remote(image.canonicalUrl());
        if (url == null) {
            left.add("an embed's " + what + " " + local.problem());
            return null;
        }
        return new ArchiveMessage.EmbedMedia(url, image.width(), image.height());
    }

    private String icon(String canonical, String url) {
        String remote = remote(canonical);
        return remote != null ? remote : url(url).url();
    }

    private List<ArchiveMessage.Sticker> stickers(List<DceMessage.Sticker> values, List<String> left) {
        List<ArchiveMessage.Sticker> kept = new ArrayList<>();
        for (DceMessage.Sticker s : values == null ? List.<DceMessage.Sticker>of() : values) {
            if (s.id() == null || !isSnowflake(s.id())) {
                left.add("sticker '" + s.name() + "' has no Discord id");
                continue;
            }
            if (kept.size() == MAX_STICKERS) {
                left.add("sticker '" + s.name() + "': Milk keeps " + MAX_STICKERS + " per message, as Discord does");
                continue;
            }
            String format = s.format() == null ? null : s.format().toLowerCase(Locale.ROOT);
            kept.add(new ArchiveMessage.Sticker(s.id(), s.name() == null ? "sticker" : s.name(),
                    STICKER_FORMATS.contains(format) ? format : null));
        }
        return kept;
    }

    private static List<ArchiveMessage.Reaction> reactions(List<DceMessage.Reaction> values, List<String> left) {
        List<ArchiveMessage.Reaction> kept = new ArrayList<>();
        for (DceMessage.Reaction r : values == null ? List.<DceMessage.Reaction>of() : values) {
            if (r.emoji() == null || r.emoji().name() == null) {
                continue;
            }
            if (kept.size() == MAX_REACTIONS) {
                left.add("reaction " + r.emoji().name() + ": Milk keeps " + MAX_REACTIONS + " per message, as Discord does");
                continue;
            }
            String id = r.emoji().id();
            // DCE writes a unicode emoji's missing id as an empty string.
            kept.add(new ArchiveMessage.Reaction(new ArchiveMessage.Emoji(
                    id == null || id.isEmpty() || !isSnowflake(id) ? null : id, r.emoji().name(),
                    Boolean.TRUE.equals(r.emoji().isAnimated()) ? Boolean.TRUE : null),
                    r.count() == null ? 1 : r.count()));
        }
        return kept;
    }

    private static ArchiveMessage.Mentions mentions(List<DceMessage.User> users) {
        if (users == null || users.isEmpty()) {
            return null;
        }
        List<ArchiveMessage.MentionedUser> named = users.stream()
                .filter(u -> u.id() != null && isSnowflake(u.id()))
                .limit(MAX_MENTIONS)
                .map(u -> new ArchiveMessage.MentionedUser(u.id(), name(u), avatarHash(u)))
                .toList();
        return named.isEmpty() ? null : new ArchiveMessage.Mentions(named, null, null);
    }

    /** A file's address: an https link as it is, a path beside the export as {@link LocalMedia} serves it. */
    private LocalMedia.Resolved url(String value) {
        if (value == null || value.isBlank()) {
            return new LocalMedia.Resolved(null, "has no address");
        }
        if (value.regionMatches(true, 0, "https://", 0, 8)) {
            String remote = remote(value);
            return remote != null ? new LocalMedia.Resolved(remote, null)
                    : new LocalMedia.Resolved(null, "has a link Milk cannot keep (" + value + ")");
        }
        if (value.regionMatches(true, 0, "http://", 0, 7)) {
            return new LocalMedia.Resolved(null, "has a link that is not https (" + value + "); Milk keeps https links only");
        }
        return media.resolve(directory, value);
    }

    /** An https link Milk keeps, or null. */
    private static String remote(String value) {
        if (value == null || value.length() > 2_048) {
            return null;
        }
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null ? value : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** DCE writes an absent title or description as an empty string. */
    private static String blankless(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
