package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.milk.media.DiscordCdn;
import dev.milk.reads.media.ServedTypes;
import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/**
 * An archive page as Discord shows a channel ({@code src/main/jte/archive.jte}): avatars, names in
 * their role colour, BOT tags, times, messages of one author grouped, replies quoted, system lines,
 * attachments, full embeds, stickers, polls, forwarded messages, threads and reactions.
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
    /** Headings, subtext, quotes and list marks at the start of a line: a preview is one plain line. */
    private static final Pattern BLOCK_MARKERS = Pattern.compile("(?m)^\\s*(?:#{1,3} |-# |>>> |> |[-*] |\\d{1,9}\\. )");

    private ArchivePage() {
    }

    /**
     * @param styleHash the CSP source ({@code 'sha256-...'}) of the page's one inline style block,
     *                  which holds the embed and role colours; null when there is none
     */
    record Rendered(String html, String styleHash) {
    }

    /**
     * What the template shows: every value in its display form, markdown already rendered.
     *
     * @param removals the archive's audit trail of removals by moderators, oldest first
     */
    public record View(String id, String channel, String archived, String size, boolean sealed, String reason,
            List<Removal> removals, List<Message> messages, boolean firstPage, Long next, int pageSize, String style) {
    }

    /** One removal of the audit trail: who, when, why, and the ids of the messages. */
    public record Removal(String time, String iso, String moderator, String messages, String reason, String ids) {
    }

    /** @param label "Original" or "Edited", with the time it was written */
    public record EarlierVersion(String label, String iso, String contentHtml, Parts parts) {
    }

    /**
     * @param nameClass     the author's role colour class, or empty
     * @param systemKind    the kind of a system message ({@code join}, {@code pin}, ...), or null
     * @param systemAction  what the author did, for a system message
     * @param jumbo         the content is nothing but a few emoji, shown large
     * @param removed       what stands in place of a message moderators removed, or null
     * @param versions      the earlier versions of an edited message, oldest first
     */
    public record Message(long id, boolean continues, Reply reply, String avatar, String author, String nameClass,
            boolean bot, String createdIso, String time, String sideTime, String systemKind, String systemAction,
            String contentHtml, boolean jumbo, String editedAt, Parts parts, Forwarded forwarded, Poll poll,
            ThreadLink thread, List<Reaction> reactions, String removed, List<EarlierVersion> versions) {
    }

    /** @param missing the message replied to was not archived */
    public record Reply(boolean missing, long id, String author, String preview) {
    }

    /** What a message and a forwarded snapshot both carry. */
    public record Parts(List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers) {
    }

    /**
     * @param url  Milk's copy once made, else Discord's link
     * @param note what the reader should know of the link, or null: being copied, not copied (and
     *             why), or that Discord's link may no longer open
     */
    public record Attachment(String url, boolean image, String filename, String type, String size, String note,
            String noteTitle) {
    }

    public record Embed(String colourClass, EmbedAuthor author, String title, String url, String descriptionHtml,
            List<Field> fields, Picture thumbnail, Picture image, String video, String provider, String providerUrl,
            EmbedFooter footer) {

        /** A thumbnail shown beside the embed's text; one that is only a link stays in the text's column. */
        public boolean thumbnailShown() {
            return thumbnail != null && thumbnail.shown();
        }
    }

    /**
     * An image of an embed.
     *
     * @param shown loaded by the reader's browser (Milk's copy or Discord's CDN); else only linked
     */
    public record Picture(String url, boolean shown) {
    }

    public record EmbedAuthor(String name, String url, Picture icon) {
    }

    /** @param time when the embed says it happened, or null */
    public record EmbedFooter(String text, Picture icon, String time) {
    }

    public record Field(String name, String valueHtml, boolean inline) {
    }

    /** @param image null for a Lottie sticker, shown by name */
    public record Sticker(String name, String image) {
    }

    public record Forwarded(String contentHtml, String time, Parts parts) {
    }

    public record Poll(String question, List<PollAnswer> answers, String summary) {
    }

    public record PollAnswer(String text, Emoji emoji, int votes, int percent, String votesLabel) {
    }

    /** @param href the thread's own archive, or null when it was not archived */
    public record ThreadLink(String name, String count, String href) {
    }

    /** @param image a custom emoji's URL, or null for a unicode one, shown as text */
    public record Emoji(String text, String image, String label) {
    }

    public record Reaction(Emoji emoji, int count) {
    }

    /**
     * @param related what the page's messages reply to, mention, and the archive's removals and versions
     * @param next    the id to continue after, or null on the last page
     */
    static Rendered render(ArchiveSummary archive, List<ArchivedMessage> messages, Related related, Long previousFrom,
            Long next, Instant now) {
        Shown shown = show(archive, messages, related, now);
        String reason = archive.reason() != null && !archive.reason().isBlank() ? archive.reason() : null;
        var page = new View(archive.publicId(), archive.channel(),
                archive.createdAt() != null ? "Archived " + Pages.minute(archive.createdAt()) : "Being archived",
                Counts.of(archive.messageCount(), "message"),
                archive.sealed(), reason, removals(related.redactions()), shown.messages(), previousFrom == null, next, PAGE_SIZE,
                shown.style());
        String html = Pages.render("archive.jte", page, 16_384 + messages.size() * 600);
        return new Rendered(html, shown.style() == null ? null : sha256(shown.style()));
    }

    /** The audit trail of removals in display form, oldest first. */
    static List<Removal> removals(List<Redaction> redactions) {
        return redactions.stream().map(r -> new Removal(Pages.minute(r.at()), r.at().toString(), r.moderator(),
                Counts.of(r.messageIds().size(), "message"), r.reason(),
                String.join(", ", r.messageIds().stream().map(String::valueOf).toList()))).toList();
    }

    /**
     * A run of messages alone ({@code src/main/jte/messages.jte}), for a page assembled elsewhere
     * (the offline export): {@code styleHash} holds the style rules themselves here, or null.
     */
    static Rendered renderMessages(ArchiveSummary archive, List<ArchivedMessage> messages, Related related, Instant now) {
        Shown shown = show(archive, messages, related, now);
        return new Rendered(Pages.render("messages.jte", shown.messages(), messages.size() * 600), shown.style());
    }

    /** Messages in their display form, and the style rules of the colours they use (null for none). */
    private record Shown(List<Message> messages, String style) {
    }

    private static Shown show(ArchiveSummary archive, List<ArchivedMessage> messages, Related related, Instant now) {
        Map<Long, ArchivedMessage> replied = related.replied();
        List<ArchivedMessage> known = new ArrayList<>(messages);
        known.addAll(replied.values());
        Set<Integer> roleColours = new TreeSet<>();
        var context = new DiscordMarkdown.Context(
                related.mentions().withFallbacks(known, archive.channelId(), archive.channel()), now, roleColours,
                related.copies());
        Set<Integer> embedColours = new TreeSet<>();
        var view = new MessageView(context, embedColours, now, related);
        List<Message> views = new ArrayList<>(messages.size());
        ArchivedMessage previous = null;
        for (ArchivedMessage m : messages) {
            boolean continues = previous != null && previous.authorId() == m.authorId() && m.replyToId() == null
                    && m.type() == null && previous.type() == null
                    && Duration.between(previous.createdAt(), m.createdAt()).compareTo(GROUP_WINDOW) < 0;
            views.add(view.message(m, continues, replied.get(m.replyToId())));
            previous = m;
        }
        StringBuilder rules = new StringBuilder();
        embedColours.forEach(c -> rules.append(String.format(Locale.ROOT, ".embed.c%06x{border-left-color:#%06x}", c, c)));
        // Scoped to the messages: as specific as the stylesheet's name colours, and later, so they win.
        roleColours.forEach(c -> rules.append(String.format(Locale.ROOT,
                ".messages .%s{color:#%06x}.messages .mention.%s{background:#%06x26}", DiscordMarkdown.colourClass(c), c,
                DiscordMarkdown.colourClass(c), c)));
        return new Shown(views, rules.isEmpty() ? null : rules.toString());
    }

    /** One message in its display form; collects the colours its parts use. */
    private record MessageView(DiscordMarkdown.Context context, Set<Integer> embedColours, Instant now,
            Related related) {

        /**
         * The author's avatar: Milk's copy once stored, else Discord's link (a dead one shows a
         * default avatar, milk.css), else, without a hash, Milk's default avatar.
         */
        private String avatar(ArchivedMessage m) {
            return avatar(related.copies().src(Pages.avatar(m.authorId(), m.authorAvatarHash(), DiscordCdn.AVATAR_SIZE)));
        }

        /** Milk's own default avatars are files beside the offline export's page, {@code assets/avatars/}. */
        private String avatar(String src) {
            return related.copies().offline() && src.startsWith("/assets/") ? src.substring(1) : src;
        }

        Message message(ArchivedMessage m, boolean continues, ArchivedMessage repliedTo) {
            Redaction removal = related.removal(m);
            if (removal != null) {
                return removed(m, removal);
            }
            String action = SystemMessages.action(m);
            Reply reply = m.replyToId() == null || action != null ? null
                    : repliedTo == null ? new Reply(true, 0, null, null)
                    : new Reply(false, repliedTo.id(), repliedTo.authorName(), preview(repliedTo));
            String time = Pages.minute(m.createdAt());
            String nameClass = "";
            if (m.authorColor() != null) {
                context.colours().add(m.authorColor());
                nameClass = " " + DiscordMarkdown.colourClass(m.authorColor());
            }
            return new Message(m.id(), continues, reply, avatar(m),
                    m.authorName(), nameClass, m.authorIsBot(), m.createdAt().toString(), time, time.substring(11, 16),
                    action == null ? null : m.type(), action,
                    action != null ? "" : DiscordMarkdown.render(m.content(), context),
                    action == null && DiscordMarkdown.emojiOnly(m.content()),
                    m.editedAt() == null ? null : Pages.minute(m.editedAt()),
                    parts(m.createdAt(), m.attachments(), m.embeds(), m.stickers()), forwarded(m), poll(m.poll()),
                    thread(m.thread()), m.reactions().stream().map(r -> new Reaction(emoji(r.emoji()), r.count())).toList(),
                    null, versions(m));
        }

        /** A removed message keeps its place, its author (when known) and time; nothing of what it said. */
        private Message removed(ArchivedMessage m, Redaction removal) {
            String time = Pages.minute(m.createdAt());
            return new Message(m.id(), false, null, avatar(m),
                    m.authorName().isEmpty() ? null : m.authorName(), "", m.authorIsBot(), m.createdAt().toString(),
                    time, time.substring(11, 16), null, null, "", false, null, new Parts(List.of(), List.of(), List.of()),
                    null, null, null, List.of(), removal.notice(), List.of());
        }

        private List<EarlierVersion> versions(ArchivedMessage m) {
            List<MessageVersion> versions = related.versions(m);
            List<EarlierVersion> shown = new ArrayList<>(versions.size());
            for (int i = 0; i < versions.size(); i++) {
                MessageVersion v = versions.get(i);
                shown.add(new EarlierVersion((i == 0 && v.at().equals(m.createdAt()) ? "Original · " : "Edited · ")
                        + Pages.minute(v.at()), v.at().toString(), DiscordMarkdown.render(v.content(), context),
                        parts(v.at(), v.attachments(), v.embeds(), List.of())));
            }
            return shown;
        }

        private Parts parts(Instant sent, List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
                List<MessageParts.Sticker> stickers) {
            MediaCopies copies = related.copies();
            return new Parts(attachments.stream().map(a -> {
                MediaCopies.Copy copy = copies.of(a.url());
                String declared = a.contentType() == null ? "" : a.contentType();
                boolean stored = copy != null && copy.stored();
                // A copy is shown as an image only when its bytes are one; the CDN's word only for its own link.
                String src = copies.src(a.url(), a.filename());
                boolean image = (stored ? ServedTypes.isImage(copy.contentType())
                        : declared.startsWith("image/") && !copies.offline()) && copies.loadable(src);
                String type = stored ? copy.contentType() : declared.isEmpty() ? "file" : declared;
                String note = note(copy, sent);
                return new Attachment(src, image, a.filename(), type, size(a.size()), note,
                        note == null ? null : "Discord links stop working about a day after they are fetched");
            }).toList(), embeds.stream().map(this::embed).toList(), stickers.stream().map(s -> {
                String url = DiscordCdn.sticker(s.id(), s.format());
                return new Sticker(s.name(), url == null ? null : copies.src(url));
            }).toList());
        }

        /** What a reader should know of an attachment's link, or null when Milk holds a copy. */
        private String note(MediaCopies.Copy copy, Instant sent) {
            if (copy == null) {
                // Not copied (copies off, or archived before them): the link was fetched about when the
                // message was archived, and a day later it may be dead.
                return Duration.between(sent, now).compareTo(LINK_LIFETIME) > 0 ? "link may no longer open" : null;
            }
            return switch (copy.state()) {
                case "stored" -> null;
                case "failed" -> "not copied: " + copy.error() + "; the link may no longer open";
                default -> "being copied";
            };
        }

        private Embed embed(MessageParts.Embed e) {
            if (e.color() != null) {
                embedColours.add(e.color());
            }
            List<Field> fields = e.fields().stream()
                    .map(f -> new Field(f.name(), DiscordMarkdown.render(f.value(), context), Boolean.TRUE.equals(f.inline())))
                    .toList();
            String time = e.timestampMillis() == null ? null : Pages.minute(Instant.ofEpochMilli(e.timestampMillis()));
            return new Embed(e.color() == null ? "" : String.format(Locale.ROOT, " c%06x", e.color()),
                    e.author() == null ? null : new EmbedAuthor(e.author().name(), e.author().url(),
                            picture(e.author().iconUrl())),
                    e.title(), e.url(), e.description() == null ? null : DiscordMarkdown.render(e.description(), context),
                    fields, picture(e.thumbnail() == null ? null : e.thumbnail().url()),
                    picture(e.image() == null ? null : e.image().url()),
                    e.video() == null ? null : e.video().url(), e.provider() == null ? null : e.provider().name(),
                    e.provider() == null ? null : e.provider().url(),
                    e.footer() == null && time == null ? null : new EmbedFooter(
                            e.footer() == null ? null : e.footer().text(),
                            picture(e.footer() == null ? null : e.footer().iconUrl()), time));
        }

        /** Milk's copy of an embed's image once stored, else its link: shown only from Milk or Discord's CDN. */
        private Picture picture(String url) {
            if (url == null) {
                return null;
            }
            String src = related.copies().src(url);
            String own = src.equals(url) ? Pages.defaultAvatar(url) : null;
            if (own != null) {
                return new Picture(avatar(own), true);
            }
            return new Picture(src, related.copies().loadable(src));
        }

        private Forwarded forwarded(ArchivedMessage m) {
            MessageParts.Forwarded f = m.forwarded();
            if (f == null) {
                return null;
            }
            Instant sent = f.createdAtMillis() == null ? m.createdAt() : Instant.ofEpochMilli(f.createdAtMillis());
            return new Forwarded(DiscordMarkdown.render(f.content(), context),
                    f.createdAtMillis() == null ? null : Pages.minute(sent),
                    parts(sent, f.attachments(), f.embeds(), f.stickers()));
        }

        private Poll poll(MessageParts.Poll poll) {
            if (poll == null) {
                return null;
            }
            int total = poll.answers().stream().mapToInt(a -> a.votes() == null ? 0 : a.votes()).sum();
            List<PollAnswer> answers = poll.answers().stream().map(a -> {
                int votes = a.votes() == null ? 0 : a.votes();
                int percent = total == 0 ? 0 : (int) Math.round(votes * 100.0 / total);
                return new PollAnswer(a.text(), a.emoji() == null ? null : emoji(a.emoji()), votes, percent,
                        Counts.of(votes, "vote") + " · " + percent + " %");
            }).toList();
            String summary = Counts.of(total, "vote");
            if (poll.expiresAtMillis() != null) {
                Instant end = Instant.ofEpochMilli(poll.expiresAtMillis());
                summary += (end.isAfter(now) ? " · ends " : " · ended ") + Pages.minute(end);
            }
            if (Boolean.TRUE.equals(poll.multiselect())) {
                summary += " · several answers allowed";
            }
            return new Poll(poll.question(), answers, summary);
        }

        /** One line of the message replied to, as Discord previews it: no markup, nothing the author hid. */
        private String preview(ArchivedMessage m) {
            Redaction removal = related.removal(m);
            String text = removal != null ? removal.notice()
                    : m.content().isBlank() ? (m.attachments().isEmpty() ? "Click to see the message" : "Attachment")
                    : MentionText.resolve(SPOILER.matcher(m.content()).replaceAll("[spoiler]"), context.mentions());
            text = BLOCK_MARKERS.matcher(text).replaceAll("").replaceAll("\\s+", " ").strip();
            return text.length() > 100 ? text.substring(0, 100) + "…" : text;
        }

        private static ThreadLink thread(MessageParts.ThreadLink thread) {
            if (thread == null) {
                return null;
            }
            return new ThreadLink(thread.name(), thread.messageCount() == null ? null : Counts.of(thread.messageCount(), "message"),
                    thread.publicId() == null ? null : "/archive/" + thread.publicId());
        }

        private Emoji emoji(MessageParts.Emoji emoji) {
            return emoji.id() == null ? new Emoji(emoji.name(), null, emoji.name())
                    : new Emoji(null, related.copies().src(DiscordCdn.emoji(emoji.id(), Boolean.TRUE.equals(emoji.animated()))),
                            ":" + emoji.name() + ":");
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
