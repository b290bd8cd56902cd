package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.milk.archive.ArchiveMessage;
import dev.milk.reads.web.Html;

/**
 * An archive page as Discord shows a channel: avatars, names, BOT tags, times, messages of one
 * author grouped, replies quoted, attachments, embeds, stickers. Server-rendered and readable
 * without JavaScript; all user content goes through {@link Html#escape} or {@link DiscordMarkdown}.
 */
final class ArchivePage {

    static final int PAGE_SIZE = 500;
    /** Discord shows consecutive messages of one author within this as one group. */
    private static final Duration GROUP_WINDOW = Duration.ofMinutes(7);
    /** Discord's attachment links are signed and stop opening about a day after they are fetched. */
    private static final Duration LINK_LIFETIME = Duration.ofHours(24);
    /** A preview must not reveal what the author hid. */
    private static final Pattern SPOILER = Pattern.compile("\\|\\|.+?\\|\\|", Pattern.DOTALL);
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ArchivePage() {
    }

    /**
     * @param styleHash the CSP source ({@code 'sha256-...'}) of the page's one inline style block,
     *                  which holds the embed colours; null when there is none
     */
    record Rendered(String html, String styleHash) {
    }

    /**
     * @param replied the messages this page's messages reply to, by id
     * @param next    the id to continue after, or null on the last page
     */
    static Rendered render(ArchiveSummary archive, List<ArchivedMessage> messages, Map<Long, ArchivedMessage> replied,
            Long previousFrom, Long next, Instant now) {
        Map<Long, String> authors = new HashMap<>();
        messages.forEach(m -> authors.putIfAbsent(m.authorId(), m.authorName()));
        replied.values().forEach(m -> authors.putIfAbsent(m.authorId(), m.authorName()));
        var names = new DiscordMarkdown.Names(
                id -> authors.getOrDefault(id, "unknown-user"),
                id -> archive.channelId() != null && id == archive.channelId() ? archive.channel() : "unknown-channel");

        StringBuilder html = new StringBuilder(16_384 + messages.size() * 600);
        Set<Integer> colours = new TreeSet<>();
        header(html, archive);
        html.append("<main class=\"messages\">");
        if (messages.isEmpty()) {
            html.append("<p class=\"empty\">No messages are archived here yet.</p>");
        }
        ArchivedMessage previous = null;
        for (ArchivedMessage m : messages) {
            boolean continues = previous != null && previous.authorId() == m.authorId() && m.replyToId() == null
                    && Duration.between(previous.createdAt(), m.createdAt()).compareTo(GROUP_WINDOW) < 0;
            message(html, m, continues, replied.get(m.replyToId()), names, now, colours);
            previous = m;
        }
        html.append("</main>");
        pages(html, archive, previousFrom, next);
        html.append("</body></html>\n");

        StringBuilder style = new StringBuilder();
        colours.forEach(c -> style.append(String.format(Locale.ROOT, ".embed.c%06x{border-left-color:#%06x}", c, c)));
        StringBuilder head = new StringBuilder(1024);
        head.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"robots\" content=\"noindex\">")
                .append("<title>#").append(Html.escape(archive.channel())).append(" · Milk archive</title>")
                .append("<link rel=\"stylesheet\" href=\"/assets/milk.css\">");
        if (!style.isEmpty()) {
            head.append("<style>").append(style).append("</style>");
        }
        head.append("</head>\n<body>");
        return new Rendered(head.append(html).toString(), style.isEmpty() ? null : sha256(style.toString()));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(StringBuilder html, ArchiveSummary archive) {
        html.append("<header class=\"channel\"><h1><span class=\"hash\">#</span>").append(Html.escape(archive.channel()))
                .append("</h1><p class=\"meta\">");
        if (archive.createdAt() != null) {
            html.append("Archived ").append(time(archive.createdAt()));
        } else {
            html.append("Being archived");
        }
        html.append(" · ").append(String.format(Locale.ROOT, "%,d", archive.messageCount()))
                .append(archive.messageCount() == 1 ? " message" : " messages");
        if (!archive.sealed()) {
            html.append(" · <span class=\"live\">still being archived</span>");
        }
        if (archive.reason() != null && !archive.reason().isBlank()) {
            html.append("</p><p class=\"reason\">Reason: ").append(Html.escape(archive.reason()));
        }
        html.append("</p><p class=\"formats\"><a href=\"/archive/").append(archive.publicId())
                .append(".txt\">Plain text</a> · <a href=\"/archive/").append(archive.publicId())
                .append(".json\">JSON</a></p></header>");
    }

    private static void message(StringBuilder html, ArchivedMessage m, boolean continues, ArchivedMessage repliedTo,
            DiscordMarkdown.Names names, Instant now, Set<Integer> colours) {
        html.append("<article class=\"message").append(continues ? " continued" : "").append("\" id=\"m")
                .append(m.id()).append("\">");
        if (m.replyToId() != null) {
            html.append("<div class=\"reply\"><span class=\"reply-mark\" aria-hidden=\"true\"></span>");
            if (repliedTo == null) {
                html.append("<span class=\"reply-missing\">Original message was not archived</span>");
            } else {
                html.append("<a href=\"#m").append(repliedTo.id()).append("\"><span class=\"reply-author\">@")
                        .append(Html.escape(repliedTo.authorName())).append("</span> <span class=\"reply-text\">")
                        .append(Html.escape(preview(repliedTo))).append("</span></a>");
            }
            html.append("</div>");
        }
        if (continues) {
            html.append("<time class=\"side-time\" datetime=\"").append(m.createdAt()).append("\">")
                    .append(time(m.createdAt()).substring(11, 16)).append("</time>");
        } else {
            html.append("<img class=\"avatar\" alt=\"\" loading=\"lazy\" width=\"40\" height=\"40\" src=\"")
                    .append(avatar(m)).append("\">")
                    .append("<h2 class=\"author\"><span class=\"name\">").append(Html.escape(m.authorName()))
                    .append("</span>");
            if (m.authorIsBot()) {
                html.append(" <span class=\"bot\">BOT</span>");
            }
            html.append(" <time datetime=\"").append(m.createdAt()).append("\">").append(time(m.createdAt()))
                    .append("</time></h2>");
        }
        html.append("<div class=\"content\">").append(DiscordMarkdown.render(m.content(), names));
        if (m.editedAt() != null) {
            html.append(" <span class=\"edited\" title=\"").append(time(m.editedAt())).append("\">(edited)</span>");
        }
        html.append("</div>");
        attachments(html, m, now);
        embeds(html, m, names, colours);
        for (ArchiveMessage.Sticker sticker : m.stickers()) {
            html.append("<div class=\"sticker\">Sticker: ").append(Html.escape(sticker.name())).append("</div>");
        }
        html.append("</article>");
    }

    private static void attachments(StringBuilder html, ArchivedMessage m, Instant now) {
        // The links were fetched about when the message was archived; a day later they may be dead.
        boolean mayHaveExpired = Duration.between(m.createdAt(), now).compareTo(LINK_LIFETIME) > 0;
        for (ArchiveMessage.Attachment a : m.attachments()) {
            String url = Html.escape(a.url());
            String type = a.contentType() == null ? "" : a.contentType();
            html.append("<figure class=\"attachment\">");
            if (type.startsWith("image/")) {
                html.append("<a href=\"").append(url).append("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                        .append("<img loading=\"lazy\" alt=\"").append(Html.escape(a.filename())).append("\" src=\"")
                        .append(url).append("\"></a>");
            }
            html.append("<figcaption><a class=\"file\" href=\"").append(url)
                    .append("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                    .append(Html.escape(a.filename())).append("</a> <span class=\"size\">")
                    .append(Html.escape(type.isEmpty() ? "file" : type)).append(", ").append(size(a.size()))
                    .append("</span>");
            if (mayHaveExpired) {
                html.append(" <span class=\"expired\" title=\"Discord links stop working about a day after they are")
                        .append(" fetched\">link may no longer open</span>");
            }
            html.append("</figcaption></figure>");
        }
    }

    private static void embeds(StringBuilder html, ArchivedMessage m, DiscordMarkdown.Names names,
            Set<Integer> colours) {
        for (ArchiveMessage.Embed e : m.embeds()) {
            html.append("<div class=\"embed");
            if (e.color() != null) {
                colours.add(e.color());
                html.append(String.format(Locale.ROOT, " c%06x", e.color()));
            }
            html.append("\">");
            if (e.title() != null) {
                html.append("<div class=\"embed-title\">");
                if (e.url() != null) {
                    html.append("<a href=\"").append(Html.escape(e.url()))
                            .append("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                            .append(Html.escape(e.title())).append("</a>");
                } else {
                    html.append(Html.escape(e.title()));
                }
                html.append("</div>");
            }
            if (e.description() != null) {
                html.append("<div class=\"embed-description\">").append(DiscordMarkdown.render(e.description(), names))
                        .append("</div>");
            }
            if (e.fields() != null && !e.fields().isEmpty()) {
                html.append("<dl class=\"embed-fields\">");
                for (ArchiveMessage.Field f : e.fields()) {
                    html.append("<div class=\"embed-field").append(Boolean.TRUE.equals(f.inline()) ? " inline" : "")
                            .append("\"><dt>").append(Html.escape(f.name())).append("</dt><dd>")
                            .append(DiscordMarkdown.render(f.value(), names)).append("</dd></div>");
                }
                html.append("</dl>");
            }
            html.append("</div>");
        }
    }

    private static void pages(StringBuilder html, ArchiveSummary archive, Long previousFrom, Long next) {
        if (previousFrom == null && next == null) {
            return;
        }
        html.append("<nav class=\"pages\">");
        if (previousFrom != null) {
            html.append("<a href=\"/archive/").append(archive.publicId()).append("\">First page</a>");
        }
        if (next != null) {
            html.append("<a rel=\"next\" href=\"/archive/").append(archive.publicId()).append("?after=").append(next)
                    .append("\">Next ").append(PAGE_SIZE).append(" messages</a>");
        }
        html.append("</nav>");
    }

    private static String preview(ArchivedMessage m) {
        String text = m.content().isBlank()
                ? (m.attachments().isEmpty() ? "Click to see the message" : "Attachment")
                : SPOILER.matcher(m.content()).replaceAll("[spoiler]").replaceAll("\\s+", " ");
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    /** Discord's CDN: the author's avatar, or the default one Discord derives from the user id. */
    private static String avatar(ArchivedMessage m) {
        if (m.authorAvatarHash() != null) {
            return "https://cdn.discordapp.com/avatars/" + m.authorId() + "/" + m.authorAvatarHash() + ".png?size=80";
        }
        return "https://cdn.discordapp.com/embed/avatars/" + ((m.authorId() >>> 22) % 6) + ".png";
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KB", "MB", "GB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String time(Instant instant) {
        return WHEN.format(instant);
    }
}
