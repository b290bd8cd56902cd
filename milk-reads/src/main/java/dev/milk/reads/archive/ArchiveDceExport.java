package dev.milk.reads.archive;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.dce.format.DceHeader;
import dev.milk.dce.format.DceKinds;
import dev.milk.dce.format.DceMessage;
import dev.milk.dce.format.DceValues;
import dev.milk.dce.format.DceWriter;
import dev.milk.media.DiscordCdn;
import dev.milk.reads.web.KeysetPage;

/**
 * An archive in DiscordChatExporter's JSON format, so DCE's viewers and analysis tools read it:
 * written as it streams, a page of messages at a time. What Milk does not know (the guild's name,
 * the channel's kind, roles, reaction users) is left out, as DCE's older exports lack it too. A
 * message moderators removed is left out whole: DCE has no way to say so, and its content is gone.
 * A file Milk copied is linked at Milk's copy, which outlives Discord's signed links; avatars, emoji
 * and stickers at Discord's CDN, as DCE links them.
 */
final class ArchiveDceExport {

    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d{1,19})>");

    private ArchiveDceExport() {
    }

    /** @param origin Milk's address, which the copies' links start with */
    static void write(OutputStream out, ArchiveSummary archive, ArchiveQueries queries, String origin, Instant now) {
        try (DceWriter dce = new DceWriter(out)) {
            dce.header(new DceHeader(new DceHeader.Guild(string(archive.guildId()), null, null),
                    new DceHeader.Channel(string(archive.channelId()), null, null, null, archive.channelName(), null, null),
                    new DceHeader.DateRange(null, null), DceValues.time(now)));
            Long after = null;
            do {
                var page = KeysetPage.of(queries.page(archive, after, ArchivePage.PAGE_SIZE + 1), ArchivePage.PAGE_SIZE);
                Related related = queries.related(archive, page.items(), false);
                for (ArchivedMessage m : page.items()) {
                    if (m.redactionId() == null) {
                        dce.message(message(m, related, origin));
                    }
                }
                after = page.last() == null ? null : page.last().id();
            } while (after != null);
            dce.finish();
        }
    }

    private static DceMessage message(ArchivedMessage m, Related related, String origin) {
        MediaCopies copies = related.copies();
        String avatar = DiscordCdn.avatar(m.authorId(), m.authorAvatarHash(), DiscordCdn.AVATAR_SIZE);
        // Discord's link, as DCE writes it: the avatar's hash is in it, which a reader (Milk's importer too) keeps.
        var author = new DceMessage.User(Long.toString(m.authorId()), m.authorName(), null, m.authorName(),
                DceValues.colour(m.authorColor()), m.authorIsBot(), null, avatar);
        DceMessage.Reference reference = m.replyToId() == null ? null
                : new DceMessage.Reference("Default", Long.toString(m.replyToId()), null, null);
        DceMessage.Forwarded forwarded = null;
        if (m.forwarded() != null) {
            MessageParts.Forwarded f = m.forwarded();
            forwarded = new DceMessage.Forwarded(DceValues.time(millis(f.createdAtMillis())), null, f.content(),
                    attachments(f.attachments(), copies, origin), embeds(f.embeds(), copies, origin), stickers(f.stickers()));
            reference = new DceMessage.Reference("Forward", null, null, null);
        }
        return new DceMessage(Long.toString(m.id()), DceKinds.dceKind(m.replyToId() != null && m.type() == null ? "reply" : m.type()),
                DceValues.time(m.createdAt()), DceValues.time(m.editedAt()), null, m.pinned(), m.content(), author,
                attachments(m.attachments(), copies, origin), embeds(m.embeds(), copies, origin), stickers(m.stickers()),
                reactions(m.reactions()), mentions(m, related.mentions()), reference, forwarded, interaction(m), null);
    }

    /** Who used which command, as DCE writes it (a forgotten user is already "Deleted user" in the row). */
    private static DceMessage.Interaction interaction(ArchivedMessage m) {
        MessageParts.InteractionMetadata i = m.interaction();
        if (i == null || i.user() == null) {
            return null;
        }
        MessageParts.User user = i.user();
        var who = new DceMessage.User(user.id(), user.name(), null, user.name(), null, null, null,
                DiscordCdn.avatar(Long.parseLong(user.id()), user.avatarHash(), DiscordCdn.AVATAR_SIZE));
        return new DceMessage.Interaction(i.id(), i.name(), who);
    }

    private static List<DceMessage.Attachment> attachments(List<MessageParts.Attachment> attachments, MediaCopies copies,
            String origin) {
        return attachments.stream().map(a -> new DceMessage.Attachment(a.id(), link(copies, a.url(), a.filename(), origin),
                a.filename(), a.size())).toList();
    }

    private static List<DceMessage.Embed> embeds(List<MessageParts.Embed> embeds, MediaCopies copies, String origin) {
        return embeds.stream().map(e -> new DceMessage.Embed(e.title(), e.url(), DceValues.time(millis(e.timestampMillis())),
                e.description(), DceValues.colour(e.color()),
                e.author() == null ? null : new DceMessage.EmbedAuthor(e.author().name(), e.author().url(),
                        e.author().iconUrl(), null),
                image(e.thumbnail(), copies, origin), image(e.image(), copies, origin), image(e.video(), null, origin),
                e.footer() == null ? null : new DceMessage.EmbedFooter(e.footer().text(), e.footer().iconUrl(), null),
                null, e.fields().stream().map(f -> new DceMessage.EmbedField(f.name(), f.value(), f.inline())).toList(),
                null)).toList();
    }

    /** @param copies null for a video, which Milk links and never copies */
    private static DceMessage.EmbedImage image(MessageParts.Media media, MediaCopies copies, String origin) {
        if (media == null) {
            return null;
        }
        String url = copies == null ? media.url() : link(copies, media.url(), null, origin);
        return new DceMessage.EmbedImage(url, url.equals(media.url()) ? null : media.url(), media.width(), media.height());
    }

    private static List<DceMessage.Sticker> stickers(List<MessageParts.Sticker> stickers) {
        return stickers.stream().map(s -> new DceMessage.Sticker(s.id(), s.name(), format(s.format()),
                DiscordCdn.sticker(s.id(), s.format()))).toList();
    }

    private static List<DceMessage.Reaction> reactions(List<MessageParts.Reaction> reactions) {
        return reactions.stream().map(r -> new DceMessage.Reaction(new DceMessage.Emoji(
                // DCE writes a unicode emoji's missing id as an empty string.
                r.emoji().id() == null ? "" : r.emoji().id(), r.emoji().name(), r.emoji().name(),
                Boolean.TRUE.equals(r.emoji().animated()),
                r.emoji().id() == null ? null : DiscordCdn.emoji(r.emoji().id(), Boolean.TRUE.equals(r.emoji().animated()))),
                r.count(), null)).toList();
    }

    /** The users the content mentions, as the archive names them. */
    private static List<DceMessage.User> mentions(ArchivedMessage m, Mentions mentions) {
        Set<Long> ids = new LinkedHashSet<>();
        Matcher found = USER_MENTION.matcher(m.content());
        while (found.find()) {
            try {
                ids.add(Long.parseLong(found.group(1)));
            } catch (NumberFormatException tooLarge) {
                // Nineteen digits past a long's range: no user Discord has, as the page reads it too.
            }
        }
        List<DceMessage.User> users = new ArrayList<>();
        for (long id : ids) {
            Mentions.Named named = mentions.user(id);
            if (named != null) {
                String avatar = DiscordCdn.avatar(id, named.avatarHash(), DiscordCdn.AVATAR_SIZE);
                users.add(new DceMessage.User(Long.toString(id), named.name(), null, named.name(), null, null, null, avatar));
            }
        }
        return users;
    }

    /**
     * Milk's copy of a link once stored, else the link. Absolute with {@code MILK_PUBLIC_URL}, as DCE's
     * readers open it anywhere; without it, from the root: the export may be kept and served to
     * everyone, so it never takes its address from a request's {@code Host}.
     */
    private static String link(MediaCopies copies, String url, String filename, String origin) {
        String src = copies.src(url, filename);
        return src.startsWith("/") ? origin + src : src;
    }

    /** DCE's names of sticker formats. */
    private static String format(String format) {
        return switch (format == null ? "" : format) {
            case "png" -> "Png";
            case "apng" -> "Apng";
            case "gif" -> "Gif";
            case "lottie" -> "Lottie";
            default -> null;
        };
    }

    private static Instant millis(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static String string(Long value) {
        return value == null ? null : Long.toString(value);
    }
}
