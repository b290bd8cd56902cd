package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/**
 * An archive page as Discord shows a channel ({@code src/main/jte/archive.jte}): avatars, names,
 * BOT tags, times, messages of one author grouped, replies quoted, attachments, embeds, stickers.
 * Server-rendered and readable without JavaScript; the template escapes all user content, and
 * markdown arrives already rendered by {@link DiscordMarkdown}, which escapes as it goes.
 */
public final class ArchivePage {

    static final int PAGE_SIZE = 500;
    /** Discord shows consecutive messages of one author within this as one group. */
    private static final Duration GROUP_WINDOW = Duration.ofMinutes(7);
    /** Discord's attachment links are signed and stop opening about a day after they are fetched. */
    private static final Duration LINK_LIFETIME = Duration.ofHours(24);
    /** A preview must not reveal what the author hid. */
    private static final Pattern SPOILER = Pattern.compile("\\|\\|.+?\\|\\|", Pattern.DOTALL);

    private ArchivePage() {
    }

    /**
     * @param styleHash the CSP source ({@code 'sha256-...'}) of the page's one inline style block,
     *                  which holds the embed colours; null when there is none
     */
    record Rendered(String html, String styleHash) {
    }

    /** What the template shows: every value in its display form, markdown already rendered. */
    public record View(String id, String channel, String archived, String size, boolean sealed, String reason,
            List<Message> messages, boolean firstPage, Long next, int pageSize, String style) {
    }

    public record Message(long id, boolean continues, Reply reply, String avatar, String author, boolean bot,
            String createdIso, String time, String sideTime, String contentHtml, String editedAt,
            List<Attachment> attachments, List<Embed> embeds, List<String> stickers) {
    }

    /** @param missing the message replied to was not archived */
    public record Reply(boolean missing, long id, String author, String preview) {
    }

    public record Attachment(String url, boolean image, String filename, String type, String size,
            boolean mayHaveExpired) {
    }

    public record Embed(String colourClass, String title, String url, String descriptionHtml, List<Field> fields) {
    }

    public record Field(String name, String valueHtml, boolean inline) {
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

        Set<Integer> colours = new TreeSet<>();
        List<Message> views = new ArrayList<>(messages.size());
        ArchivedMessage previous = null;
        for (ArchivedMessage m : messages) {
            boolean continues = previous != null && previous.authorId() == m.authorId() && m.replyToId() == null
                    && Duration.between(previous.createdAt(), m.createdAt()).compareTo(GROUP_WINDOW) < 0;
            views.add(message(m, continues, replied.get(m.replyToId()), names, now, colours));
            previous = m;
        }
        StringBuilder rules = new StringBuilder();
        colours.forEach(c -> rules.append(String.format(Locale.ROOT, ".embed.c%06x{border-left-color:#%06x}", c, c)));
        String style = rules.isEmpty() ? null : rules.toString();

        String reason = archive.reason() != null && !archive.reason().isBlank() ? archive.reason() : null;
        var view = new View(archive.publicId(), archive.channel(),
                archive.createdAt() != null ? "Archived " + Pages.minute(archive.createdAt()) : "Being archived",
                Counts.of(archive.messageCount(), "message"),
                archive.sealed(), reason, views, previousFrom == null, next, PAGE_SIZE, style);
        String html = Pages.render("archive.jte", view, 16_384 + messages.size() * 600);
        return new Rendered(html, style == null ? null : sha256(style));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message message(ArchivedMessage m, boolean continues, ArchivedMessage repliedTo,
            DiscordMarkdown.Names names, Instant now, Set<Integer> colours) {
        Reply reply = m.replyToId() == null ? null
                : repliedTo == null ? new Reply(true, 0, null, null)
                : new Reply(false, repliedTo.id(), repliedTo.authorName(), preview(repliedTo));
        String time = Pages.minute(m.createdAt());
        // The links were fetched about when the message was archived; a day later they may be dead.
        boolean mayHaveExpired = Duration.between(m.createdAt(), now).compareTo(LINK_LIFETIME) > 0;
        List<Attachment> attachments = m.attachments().stream().map(a -> {
            String type = a.contentType() == null ? "" : a.contentType();
            return new Attachment(a.url(), type.startsWith("image/"), a.filename(), type.isEmpty() ? "file" : type,
                    size(a.size()), mayHaveExpired);
        }).toList();
        List<Embed> embeds = m.embeds().stream().map(e -> {
            if (e.color() != null) {
                colours.add(e.color());
            }
            List<Field> fields = e.fields() == null ? List.of() : e.fields().stream()
                    .map(f -> new Field(f.name(), DiscordMarkdown.render(f.value(), names), Boolean.TRUE.equals(f.inline())))
                    .toList();
            return new Embed(e.color() == null ? "" : String.format(Locale.ROOT, " c%06x", e.color()), e.title(),
                    e.url(), e.description() == null ? null : DiscordMarkdown.render(e.description(), names), fields);
        }).toList();
        return new Message(m.id(), continues, reply, Pages.avatar(m.authorId(), m.authorAvatarHash(), 80),
                m.authorName(), m.authorIsBot(), m.createdAt().toString(), time, time.substring(11, 16),
                DiscordMarkdown.render(m.content(), names), m.editedAt() == null ? null : Pages.minute(m.editedAt()),
                attachments, embeds, m.stickers().stream().map(MessageParts.Sticker::name).toList());
    }

    private static String preview(ArchivedMessage m) {
        String text = m.content().isBlank()
                ? (m.attachments().isEmpty() ? "Click to see the message" : "Attachment")
                : SPOILER.matcher(m.content()).replaceAll("[spoiler]").replaceAll("\\s+", " ");
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
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
}
