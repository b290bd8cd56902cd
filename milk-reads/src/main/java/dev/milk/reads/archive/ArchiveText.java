package dev.milk.reads.archive;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.milk.media.DiscordCdn;
import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;
import dev.milk.reads.web.PlainText;

/**
 * A plain transcript in the layout of DiscordChatExporter's TXT export, written as it streams:
 * mentions read as names, custom emoji as {@code :name:}, timestamps as dates, and each part of a
 * message in its own {@code {Section}}.
 *
 * <p>Only Milk's own lines start at the margin ({@code [time] author} opens an entry,
 * {@code {Section}} a part of it, rules of {@code =} frame the header and footer); every line a
 * message supplies is indented by {@link #INDENT}, each line of a multi-line text included. A
 * newline in a message, even one followed by what looks like an entry's header, therefore never
 * reaches the margin: no content can pass for another message, nor end the transcript early.
 */
final class ArchiveText {

    private static final String RULE = "=".repeat(62) + "\n";
    static final String INDENT = "  ";

    private final Writer out;
    private final Mentions mentions;
    private final Related removals;
    private long count;

    ArchiveText(Writer out, Mentions mentions, List<Redaction> redactions) {
        this.out = out;
        this.mentions = mentions;
        this.removals = new Related(Map.of(), mentions, redactions, Map.of(), MediaCopies.NONE);
    }

    void header(ArchiveSummary archive) throws IOException {
        out.write(RULE);
        out.write("Guild: " + (archive.guildId() == null ? "unknown" : archive.guildId()) + "\n");
        out.write("Channel: #" + PlainText.line(archive.channel())
                + (archive.channelId() == null ? "" : " (" + archive.channelId() + ")") + "\n");
        if (archive.createdAt() != null) {
            out.write("Archived: " + Pages.minute(archive.createdAt())
                    + (archive.createdBy() == null ? "" : " by " + archive.createdBy()) + "\n");
        }
        if (archive.reason() != null && !archive.reason().isBlank()) {
            out.write("Reason: " + PlainText.line(archive.reason()) + "\n");
        }
        for (Redaction r : removals.redactions()) {
            out.write("Removed by moderators: " + Pages.minute(r.at()) + " by " + PlainText.line(r.moderator()) + ", "
                    + Counts.of(r.messageIds().size(), "message")
                    + (r.reason() == null ? "" : ": " + PlainText.line(r.reason())) + "\n");
        }
        out.write(RULE + "\n");
    }

    void message(ArchivedMessage m) throws IOException {
        count++;
        out.write("[" + Pages.minute(m.createdAt()) + "] "
                + (m.authorName().isEmpty() ? "(unknown author)" : PlainText.line(m.authorName()))
                + tag(m) + (m.authorIsBot() ? " [BOT]" : "")
                + (m.replyToId() == null ? "" : " (reply to " + m.replyToId() + ")")
                + (m.flagged(ArchivedMessage.SILENT) ? " (silent)" : "") + (m.pinned() ? " (pinned)" : "") + "\n");
        Redaction removal = removals.removal(m);
        if (removal != null) {
            out.write("{" + PlainText.line(removal.notice()) + "}\n\n");
            return;
        }
        if (m.interaction() != null && m.interaction().user() != null) {
            out.write("{" + PlainText.line(m.interaction().user().name()) + " used "
                    + (m.interaction().name() == null ? "a command" : "/" + PlainText.line(m.interaction().name())) + "}\n");
        }
        String system = SystemMessages.text(m);
        if (system != null) {
            line(system);
            systemDetails(m);
        } else if (!m.content().isEmpty()) {
            text(m.content() + (m.editedAt() == null ? "" : " (edited)"));
        }
        if (!m.components().isEmpty()) {
            out.write("{Components}\n");
            components(m.components(), "");
        }
        attachments(m.attachments());
        embeds(m.flagged(ArchivedMessage.SUPPRESS_EMBEDS) ? List.of() : m.embeds());
        stickers(m.stickers());
        if (m.forwarded() != null) {
            MessageParts.Forwarded f = m.forwarded();
            out.write("{Forwarded}" + (f.createdAtMillis() == null ? ""
                    : " " + Pages.minute(Instant.ofEpochMilli(f.createdAtMillis()))) + "\n");
            if (!f.content().isEmpty()) {
                text(f.content());
            }
            attachments(f.attachments());
            embeds(f.embeds());
            stickers(f.stickers());
        }
        if (m.poll() != null) {
            out.write("{Poll}\n");
            line(m.poll().question());
            for (MessageParts.PollAnswer a : m.poll().answers()) {
                line("- " + (a.emoji() == null ? "" : emoji(a.emoji()) + " ") + a.text()
                        + (a.votes() == null ? "" : " (" + a.votes() + (a.votes() == 1 ? " vote)" : " votes)")));
            }
        }
        if (m.thread() != null) {
            out.write("{Thread}\n");
            line(m.thread().name() + (m.thread().messageCount() == null ? "" : " (" + m.thread().messageCount() + " messages)")
                    + (m.thread().publicId() == null ? "" : " /archive/" + m.thread().publicId()));
        }
        if (!m.reactions().isEmpty()) {
            out.write("{Reactions}\n");
            StringBuilder reactions = new StringBuilder();
            for (MessageParts.Reaction r : m.reactions()) {
                Integer burst = r.countDetails() == null ? null : r.countDetails().burst();
                reactions.append(reactions.isEmpty() ? "" : " ").append(emoji(r.emoji())).append(" (").append(r.count())
                        .append(burst == null || burst == 0 ? "" : ", " + burst + " super").append(')');
            }
            line(reactions.toString());
        }
        if (m.flagged(ArchivedMessage.EPHEMERAL)) {
            out.write("{Only the one who used the command saw this message in Discord}\n");
        }
        out.write("\n");
    }

    private static String tag(ArchivedMessage m) {
        MessageParts.PrimaryGuild guild = m.authorExtras().primaryGuild();
        return guild == null || guild.tag() == null ? "" : " [tag " + PlainText.line(guild.tag()) + "]";
    }

    /** What AutoMod blocked and why; how a poll ended. */
    private void systemDetails(ArchivedMessage m) throws IOException {
        MessageParts.AutoModeration a = m.systemDetails().autoModeration();
        if ("auto_moderation_action".equals(m.type())) {
            if (!m.content().isEmpty()) {
                text(m.content());
            }
            if (a != null) {
                line("Rule: " + a.ruleName() + (a.keyword() == null ? "" : " · Keyword: " + a.keyword()));
            }
        }
        MessageParts.PollResult r = m.systemDetails().pollResult();
        if (r != null) {
            line(r.winnerText() == null ? "No winner" : "Winner: " + (r.winnerEmoji() == null ? "" : emoji(r.winnerEmoji()) + " ")
                    + r.winnerText() + (r.winnerVotes() == null ? "" : " (" + r.winnerVotes() + " of "
                    + (r.totalVotes() == null ? "?" : r.totalVotes()) + " votes)"));
        }
    }

    /** Each component on its line, nested ones indented further: what it says and links to, never drawn. */
    private void components(List<MessageParts.Component> components, String depth) throws IOException {
        for (MessageParts.Component c : components) {
            int type = c.type() == null ? 0 : c.type();
            switch (type) {
                case 2 -> line(depth + "[" + (c.emoji() == null ? "" : emoji(c.emoji()) + " ")
                        + (c.label() == null ? "" : c.label()) + "]" + (c.url() == null ? "" : " " + c.url())
                        + (Boolean.TRUE.equals(c.disabled()) ? " (disabled)" : ""));
                case 3, 5, 6, 7, 8 -> {
                    line(depth + "[" + (c.placeholder() == null ? "Select" : c.placeholder()) + " ▾]");
                    for (MessageParts.SelectOption o : c.options()) {
                        line(depth + "  - " + (o.emoji() == null ? "" : emoji(o.emoji()) + " ") + o.label()
                                + (o.description() == null ? "" : ": " + o.description())
                                + (Boolean.TRUE.equals(o.isDefault()) ? " (default)" : ""));
                    }
                }
                case 10 -> {
                    for (String text : PlainText.block(MentionText.resolve(c.content() == null ? "" : c.content(), mentions))
                            .split("\n", -1)) {
                        out.write(INDENT + depth + text + "\n");
                    }
                }
                case 11 -> media(depth, c.media(), c.description());
                case 12 -> {
                    for (MessageParts.MediaItem item : c.items()) {
                        media(depth, item.media(), item.description());
                    }
                }
                case 13 -> media(depth, c.file(), c.name());
                case 14 -> line(depth + "---");
                case 1, 9, 17 -> {
                }
                default -> line(depth + "(a component of Discord's type " + type + ")");
            }
            components(c.components(), type == 17 || type == 9 ? depth + "  " : depth);
            // A section's accessory is drawn at its right: read after its texts.
            if (c.accessory() != null) {
                components(List.of(c.accessory()), depth + "  ");
            }
        }
    }

    private void media(String depth, MessageParts.UnfurledMedia media, String description) throws IOException {
        if (media != null) {
            line(depth + media.url() + (description == null ? "" : " (" + description + ")"));
        }
    }

    void footer() throws IOException {
        out.write(RULE + "Exported " + count + " message(s)\n" + RULE);
    }

    private void attachments(List<MessageParts.Attachment> attachments) throws IOException {
        if (!attachments.isEmpty()) {
            out.write("{Attachments}\n");
            for (MessageParts.Attachment a : attachments) {
                line(a.url() + (a.durationSecs() == null ? "" : " (voice message, " + Voices.duration(a.durationSecs()) + ")"));
            }
        }
    }

    private void embeds(List<MessageParts.Embed> embeds) throws IOException {
        for (MessageParts.Embed e : embeds) {
            out.write("{Embed}\n");
            if (e.author() != null) {
                line(e.author().name());
                line(e.author().url());
            }
            line(e.url());
            line(e.title());
            if (e.description() != null) {
                text(e.description());
            }
            for (MessageParts.Field f : e.fields()) {
                line(f.name());
                text(f.value());
            }
            line(e.thumbnail() == null ? null : e.thumbnail().url());
            line(e.image() == null ? null : e.image().url());
            line(e.video() == null ? null : e.video().url());
            if (e.footer() != null || e.timestampMillis() != null) {
                line((e.footer() == null ? "" : e.footer().text() + (e.timestampMillis() == null ? "" : " | "))
                        + (e.timestampMillis() == null ? "" : Pages.minute(Instant.ofEpochMilli(e.timestampMillis()))));
            }
        }
    }

    private void stickers(List<MessageParts.Sticker> stickers) throws IOException {
        if (!stickers.isEmpty()) {
            out.write("{Stickers}\n");
            for (MessageParts.Sticker s : stickers) {
                String image = DiscordCdn.sticker(s.id(), s.format());
                line(s.name() + (image == null ? "" : " " + image));
            }
        }
    }

    /** One line of what a message supplies, indented, a newline in it shown as U+FFFD. */
    private void line(String value) throws IOException {
        if (value != null) {
            out.write(INDENT + PlainText.line(value) + "\n");
        }
    }

    /** Text that may hold newlines (content, an embed's description): mentions as names, each line indented. */
    private void text(String content) throws IOException {
        for (String line : PlainText.block(MentionText.resolve(content, mentions)).split("\n", -1)) {
            out.write(INDENT + line + "\n");
        }
    }

    private static String emoji(MessageParts.Emoji emoji) {
        return emoji.id() == null ? emoji.name() : ":" + emoji.name() + ":";
    }
}
