package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.milk.access.Visibility;
import dev.milk.media.DiscordCdn;
import dev.milk.reads.access.Access;
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
    /** Beside a message that continues its author's group, as Discord shows it. */
    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
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
     * @param reading who the page is for when it is not public, or null (a public page is the same
     *                for everyone, and may be kept)
     */
    public record View(Header header, List<Message> messages, Paging paging, String style, Reading reading,
            String freshness) {
    }

    /**
     * A non-public page says so, and to whom it is shown: a reader who knows the page is staff-only
     * does not paste its link in a public channel, and one logged in can log out from it.
     *
     * @param audience who may read the archive, in words
     * @param reader   how this reader came in: their name, or the share link
     * @param loggedIn whether a logout applies
     */
    public record Reading(String audience, String reader, boolean loggedIn) {

        /** @return null for a public archive */
        public static Reading of(Visibility visibility, Access access) {
            if (visibility.isPublic()) {
                return null;
            }
            String audience = switch (visibility.mode()) {
                case MEMBERS -> "Visible to the guild's members only";
                case ROLES -> "Visible to some of the guild's roles only";
                case STAFF, PUBLIC -> "Visible to the guild's staff only";
            };
            return switch (access) {
                case Access.Member member -> new Reading(audience, "you are logged in as " + member.reader().name(), true);
                case Access.Shared _ -> new Reading(audience, "you opened it with a share link", false);
                case Access.Open _ -> new Reading(audience, null, false);
            };
        }
    }

    /**
     * What heads an archive, on its pages and in its offline copy.
     *
     * @param archived when it was archived, or that it is being archived
     * @param size     how many messages it holds
     * @param reason   why it was archived, or null
     * @param removals the archive's audit trail of removals by moderators, oldest first
     */
    public record Header(String id, String channel, String archived, String size, boolean sealed, String reason,
            List<Removal> removals) {
    }

    /** @param next the id to continue after, or null on the last page */
    public record Paging(boolean firstPage, Long next, int pageSize) {
    }

    /** One removal of the audit trail: who, when, why, and the ids of the messages. */
    public record Removal(String time, String iso, String moderator, String messages, String reason, String ids) {
    }

    /** @param label "Original" or "Edited", with the time it was written */
    public record EarlierVersion(String label, String iso, String contentHtml, Parts parts) {
    }

    /**
     * @param continues shown under the previous message of the same author, without its name
     * @param reply     the message replied to, or null
     * @param system    what a system message says, or null for an ordinary one
     * @param removed   what stands in place of a message moderators removed, or null
     */
    public record Message(long id, boolean continues, Author author, Sent sent, Reply reply, SystemLine system,
            Content content, Attached attached, String removed, Interaction interaction, Flags flags) {
    }

    /**
     * @param name      null for a removed message whose author is not known
     * @param nameClass the author's role colour (or gradient) class, or empty
     * @param roleIcon  the icon of the author's role, shown after the name, or null
     * @param tag       the author's server tag, or null
     */
    public record Author(String name, String nameClass, String avatar, boolean bot, Emoji roleIcon, Tag tag) {
    }

    /** @param badge the tag's server badge, or null */
    public record Tag(String text, String badge) {
    }

    /** "Jamie used /ban", above the message it answers, as Discord shows it. */
    public record Interaction(String user, String command) {
    }

    /**
     * @param silent    sent with {@code @silent}: notified no one
     * @param ephemeral only the command's user saw it in Discord
     * @param pinned    pinned in the channel when the bot archived it
     */
    public record Flags(boolean silent, boolean ephemeral, boolean pinned) {

        static final Flags NONE = new Flags(false, false, false);
    }

    /**
     * When a message was sent: {@code time} as a message's heading shows it, {@code timeOfDay}
     * beside a message that continues its author's group.
     */
    public record Sent(String iso, String time, String timeOfDay) {
    }

    /**
     * @param kind   the kind of system message ({@code join}, {@code pin}, ...)
     * @param action what the author did
     */
    public record SystemLine(String kind, String action, boolean named, boolean possessive, AutoModCard autoMod,
            PollResultCard pollResult) {
    }

    /** What AutoMod blocked, as Discord's AutoMod card shows it: who, what, and the rule. */
    public record AutoModCard(String avatar, String author, String contentHtml, String rule, String keyword) {
    }

    /** @param href the poll's message on the page, or null */
    public record PollResultCard(String question, String winner, Emoji winnerEmoji, String votes, String href) {
    }

    /**
     * @param jumbo    the content is nothing but a few emoji, shown large
     * @param editedAt when it was last edited, or null
     * @param versions the earlier versions of an edited message, oldest first
     */
    public record Content(String html, boolean jumbo, String editedAt, List<EarlierVersion> versions) {

        static final Content NONE = new Content("", false, null, List.of());
    }

    /** What a message carries beside its text. */
    public record Attached(Parts parts, Forwarded forwarded, Poll poll, ThreadLink thread, List<Reaction> reactions,
            List<Component> components) {

        static final Attached NONE = new Attached(Parts.NONE, null, null, null, List.of(), List.of());
    }

    /**
     * One component in its display form; which fields it has depends on its {@code kind}: {@code
     * row}, {@code button}, {@code select}, {@code section}, {@code text}, {@code thumbnail}, {@code
     * gallery}, {@code file}, {@code separator}, {@code container} or {@code unknown}.
     *
     * @param css      its classes (a button's style, a container's accent colour, a large separator)
     * @param html     a text display's markdown, rendered
     * @param label    a button's label, a select menu's placeholder, an unknown component's words
     * @param url      a link button's address
     * @param media    a thumbnail's or file's picture or file
     * @param spoiler  hidden until the reader opens it
     */
    public record Component(String kind, String css, String html, String label, Emoji emoji, String url,
            boolean disabled, boolean spoiler, List<Option> options, List<Media> items, Component accessory,
            List<Component> children, Media media) {
    }

    public record Option(String label, String description, Emoji emoji, boolean selected) {
    }

    /**
     * A picture or file a component shows.
     *
     * @param image shown as a picture (else linked)
     * @param name  what the link says: a file's name, or the picture's description
     * @param note  what a reader should know of the link, or null
     */
    public record Media(String url, boolean image, String description, boolean spoiler, String name, String size,
            String note) {
    }

    /** @param missing the message replied to was not archived */
    public record Reply(boolean missing, long id, String author, String preview) {
    }

    /** What a message and a forwarded snapshot both carry. */
    public record Parts(List<Attachment> attachments, List<Embed> embeds, List<Sticker> stickers) {

        static final Parts NONE = new Parts(List.of(), List.of(), List.of());
    }

    /**
     * @param url  Milk's copy once made, else Discord's link
     * @param note what the reader should know of the link, or null: being copied, not copied (and
     *             why), or that Discord's link may no longer open
     */
    public record Attachment(String url, boolean image, String filename, String type, String size, String note,
            Voice voice) {

        /** What a note's tooltip says. */
        public String noteTitle() {
            return "Discord links stop working about a day after they are fetched";
        }
    }

    /**
     * @param provider the site the embed comes from, or null
     * @param title    the embed's title, linked where it has a link, or null
     */
    public record Embed(String colourClass, Link provider, EmbedAuthor author, Link title, String descriptionHtml,
            List<Field> fields, EmbedMedia media, EmbedFooter footer) {

        /** A thumbnail shown beside the embed's text; one that is only a link stays in the text's column. */
        public boolean thumbnailShown() {
            return media.thumbnail() != null && media.thumbnail().shown();
        }
    }

    /** @param url where the text links to, or null */
    public record Link(String text, String url) {
    }

    /** @param video the link to the embed's video, or null */
    public record EmbedMedia(Picture thumbnail, Picture image, String video) {
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

    /**
     * @param count     the normal reactions (all of them when the bot did not tell them apart)
     * @param burst     the super reactions, shown as a chip of their own
     * @param burstCss  the class of the super reaction's colour, or empty
     */
    public record Reaction(Emoji emoji, int count, int burst, String burstCss) {
    }

    /**
     * A voice message: Milk's copy playable, its waveform drawn.
     *
     * @param audio    Milk's copy, or null until stored (Discord's link is only linked)
     * @param bars     the waveform's bars, at most {@value Voice#BARS}
     * @param duration as Discord shows it, {@code 0:07}
     */
    public record Voice(String audio, List<Bar> bars, String duration) {

        static final int BARS = 48;
        static final int HEIGHT = 32;

        /** The drawing's width. */
        public int width() {
            return Math.max(bars.size(), 1) * 4;
        }
    }

    public record Bar(int x, int y, int height) {
    }

    /**
     * @param related what the page's messages reply to, mention, and the archive's removals and versions
     * @param next    the id to continue after, or null on the last page
     * @param reading who the page is for, or null when it is public
     * @param freshness how fresh the standby it was read from was ({@code ReplicaFreshness}), or null
     */
    static Rendered render(ArchiveSummary archive, List<ArchivedMessage> messages, Related related, Long previousFrom,
            Long next, Instant now, Reading reading, String freshness) {
        Shown shown = show(archive, messages, related, now);
        var page = new View(header(archive, related.redactions()), shown.messages(),
                new Paging(previousFrom == null, next, PAGE_SIZE), shown.style(), reading, freshness);
        String html = Pages.render("archive.jte", page, 16_384 + messages.size() * 600);
        return new Rendered(html, shown.style() == null ? null : sha256(shown.style()));
    }

    static Header header(ArchiveSummary archive, List<Redaction> redactions) {
        String reason = archive.reason() != null && !archive.reason().isBlank() ? archive.reason() : null;
        return new Header(archive.publicId(), archive.channel(),
                archive.createdAt() != null ? "Archived " + Pages.minute(archive.createdAt()) : "Being archived",
                Counts.of(archive.messageCount(), "message"), archive.sealed(), reason, removals(redactions));
    }

    /** The audit trail of removals in display form, oldest first. */
    private static List<Removal> removals(List<Redaction> redactions) {
        return redactions.stream().map(r -> new Removal(Pages.minute(r.at()), r.at().toString(), r.moderator(),
                Counts.of(r.messageIds().size(), "message"), r.reason(),
                String.join(", ", r.messageIds().stream().map(String::valueOf).toList()))).toList();
    }

    /**
     * A run of messages for the offline export ({@code src/main/jte/export_messages.jte}), the style
     * rules of their colours before them: the page has no other place for them, as it streams.
     */
    static String renderForExport(ArchiveSummary archive, List<ArchivedMessage> messages, Related related,
            Instant now) {
        return Pages.render("export_messages.jte", show(archive, messages, related, now), messages.size() * 600);
    }

    /** Messages in their display form, and the style rules of the colours they use (null for none). */
    public record Shown(List<Message> messages, String style) {
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
        Map<String, String> css = new TreeMap<>();
        var view = new MessageView(context, embedColours, css, now, related);
        List<Message> views = new ArrayList<>(messages.size());
        ArchivedMessage previous = null;
        for (ArchivedMessage m : messages) {
            boolean continues = previous != null && previous.authorId() == m.authorId() && m.replyToId() == null
                    && m.type() == null && previous.type() == null && m.interaction() == null
                    && Duration.between(previous.createdAt(), m.createdAt()).compareTo(GROUP_WINDOW) < 0;
            views.add(view.message(m, continues, replied.get(m.replyToId())));
            previous = m;
        }
        StringBuilder styles = new StringBuilder();
        embedColours.forEach(c -> styles.append(String.format(Locale.ROOT, ".embed.c%06x{border-left-color:#%06x}", c, c)));
        // Scoped to the messages: as specific as the stylesheet's name colours, and later, so they win.
        roleColours.forEach(c -> styles.append(String.format(Locale.ROOT,
                ".messages .%s{color:#%06x}.messages .mention.%s{background:#%06x26}", DiscordMarkdown.colourClass(c), c,
                DiscordMarkdown.colourClass(c), c)));
        // Gradients, container accents and super reactions' colours, each rule once, in a stable order.
        css.values().forEach(styles::append);
        return new Shown(views, styles.isEmpty() ? null : styles.toString());
    }

    /** One message in its display form; collects the colours its parts use. */
    private record MessageView(DiscordMarkdown.Context context, Set<Integer> embedColours, Map<String, String> css,
            Instant now, Related related) {

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
            SystemMessages.Line line = SystemMessages.line(m);
            String action = line == null ? null : line.action();
            Reply reply = m.replyToId() == null || action != null ? null
                    : repliedTo == null ? new Reply(true, 0, null, null)
                    : new Reply(false, repliedTo.id(), repliedTo.authorName(), preview(repliedTo));
            var author = new Author(m.authorName(), nameClass(m), avatar(m), m.authorIsBot(), roleIcon(m), tag(m));
            var content = new Content(action != null ? "" : DiscordMarkdown.render(m.content(), context),
                    action == null && DiscordMarkdown.emojiOnly(m.content()),
                    m.editedAt() == null ? null : Pages.minute(m.editedAt()), versions(m));
            // Discord shows no embed of a message whose embeds were suppressed.
            List<MessageParts.Embed> embeds = m.flagged(ArchivedMessage.SUPPRESS_EMBEDS) ? List.of() : m.embeds();
            var attached = new Attached(parts(m.createdAt(), m.attachments(), embeds, m.stickers()), forwarded(m),
                    poll(m.poll()), thread(m.thread()), m.reactions().stream().map(this::reaction).toList(),
                    new ComponentViews(context, related.copies(), css).of(m.components()));
            SystemLine system = line == null ? null : new SystemLine(m.type(), action, line.named(), line.possessive(),
                    autoModCard(m), pollResultCard(m));
            return new Message(m.id(), continues, author, sent(m.createdAt()), reply, system, content, attached, null,
                    interaction(m), new Flags(m.flagged(ArchivedMessage.SILENT), m.flagged(ArchivedMessage.EPHEMERAL),
                    m.pinned()));
        }

        /** The author's role gradient when it has one, else their role colour; empty for neither. */
        private String nameClass(ArchivedMessage m) {
            MessageParts.RoleColors colours = m.authorExtras().roleColors();
            if (colours != null && colours.secondaryColor() != null) {
                return " " + AuthorStyles.gradient(colours, css);
            }
            Integer colour = colours != null ? colours.primaryColor() : m.authorColor();
            if (colour == null) {
                return "";
            }
            context.colours().add(colour);
            return " " + DiscordMarkdown.colourClass(colour);
        }

        private Emoji roleIcon(ArchivedMessage m) {
            MessageParts.RoleIcon icon = m.authorExtras().roleIcon();
            if (icon == null) {
                return null;
            }
            String label = icon.name() == null ? "Role icon" : icon.name();
            String image = DiscordCdn.roleIcon(icon.roleId(), icon.icon());
            if (image != null) {
                return new Emoji(null, related.copies().src(image), label);
            }
            return icon.unicodeEmoji() == null ? null : new Emoji(icon.unicodeEmoji(), null, label);
        }

        private Tag tag(ArchivedMessage m) {
            MessageParts.PrimaryGuild guild = m.authorExtras().primaryGuild();
            if (guild == null || guild.tag() == null) {
                return null;
            }
            String badge = DiscordCdn.tagBadge(guild.identityGuildId(), guild.badge());
            return new Tag(guild.tag(), badge == null ? null : related.copies().src(badge));
        }

        private static Interaction interaction(ArchivedMessage m) {
            MessageParts.InteractionMetadata i = m.interaction();
            if (i == null || i.user() == null) {
                return null;
            }
            return new Interaction(i.user().name(), i.name() != null ? "/" + i.name()
                    : Integer.valueOf(3).equals(i.type()) ? "a button or menu" : "a command");
        }

        private AutoModCard autoModCard(ArchivedMessage m) {
            MessageParts.AutoModeration a = m.systemDetails().autoModeration();
            if (!"auto_moderation_action".equals(m.type())) {
                return null;
            }
            return new AutoModCard(avatar(m), m.authorName(), DiscordMarkdown.render(m.content(), context),
                    a == null ? null : a.ruleName(), a == null ? null : a.keyword());
        }

        private PollResultCard pollResultCard(ArchivedMessage m) {
            MessageParts.PollResult r = m.systemDetails().pollResult();
            if (r == null || !"poll_result".equals(m.type())) {
                return null;
            }
            int total = r.totalVotes() == null ? 0 : r.totalVotes();
            int votes = r.winnerVotes() == null ? 0 : r.winnerVotes();
            String tally = r.winnerText() == null ? "There was no winner · " + Counts.of(total, "vote")
                    : Counts.of(votes, "vote") + " · " + (total == 0 ? 0 : Math.round(votes * 100.0 / total)) + " %";
            return new PollResultCard(r.question(), r.winnerText(),
                    r.winnerEmoji() == null ? null : emoji(r.winnerEmoji()), tally,
                    m.replyToId() == null ? null : "#m" + m.replyToId());
        }

        /** Normal and super reactions, each a chip of its own as Discord shows them. */
        private Reaction reaction(MessageParts.Reaction r) {
            int count = r.count() == null ? 0 : r.count();
            MessageParts.CountDetails details = r.countDetails();
            int burst = details == null || details.burst() == null ? 0 : details.burst();
            int normal = details == null || details.normal() == null ? Math.max(count - burst, 0) : details.normal();
            String burstCss = burst == 0 || r.burstColors().isEmpty() ? "" : " " + AuthorStyles.burst(r.burstColors().getFirst(), css);
            return new Reaction(emoji(r.emoji()), normal, burst, burstCss);
        }

        /** A removed message keeps its place, its author (when known) and time; nothing of what it said. */
        private Message removed(ArchivedMessage m, Redaction removal) {
            var author = new Author(m.authorName().isEmpty() ? null : m.authorName(), "", avatar(m), m.authorIsBot(),
                    null, null);
            return new Message(m.id(), false, author, sent(m.createdAt()), null, null, Content.NONE, Attached.NONE,
                    removal.notice(), null, Flags.NONE);
        }

        private static Sent sent(Instant at) {
            return new Sent(at.toString(), Pages.minute(at), TIME_OF_DAY.format(at));
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
                return new Attachment(src, image, a.filename(), type, size(a.size()), note(copy, sent),
                        Voices.of(a, stored && copy.contentType() != null && copy.contentType().startsWith("audio/")
                                && copies.loadable(src) ? src : null));
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
            var media = new EmbedMedia(picture(e.thumbnail() == null ? null : e.thumbnail().url()),
                    picture(e.image() == null ? null : e.image().url()), e.video() == null ? null : e.video().url());
            return new Embed(e.color() == null ? "" : String.format(Locale.ROOT, " c%06x", e.color()),
                    e.provider() == null || e.provider().name() == null ? null
                            : new Link(e.provider().name(), e.provider().url()),
                    e.author() == null ? null : new EmbedAuthor(e.author().name(), e.author().url(),
                            picture(e.author().iconUrl())),
                    e.title() == null ? null : new Link(e.title(), e.url()),
                    e.description() == null ? null : DiscordMarkdown.render(e.description(), context),
                    fields, media,
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
            return ArchivePage.emoji(emoji, related.copies());
        }
    }

    static Emoji emoji(MessageParts.Emoji emoji, MediaCopies copies) {
        return emoji.id() == null ? new Emoji(emoji.name(), null, emoji.name())
                : new Emoji(null, copies.src(DiscordCdn.emoji(emoji.id(), Boolean.TRUE.equals(emoji.animated()))),
                        ":" + emoji.name() + ":");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    static String size(long bytes) {
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
