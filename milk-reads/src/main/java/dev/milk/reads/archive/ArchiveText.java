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
                + (m.authorIsBot() ? " [BOT]" : "") + (m.replyToId() == null ? "" : " (reply to " + m.replyToId() + ")")
                + "\n");
        Redaction removal = removals.removal(m);
        if (removal != null) {
            out.write("{" + PlainText.line(removal.notice()) + "}\n\n");
            return;
        }
        String system = SystemMessages.text(m);
        if (system != null) {
            line(system);
        } else if (!m.content().isEmpty()) {
            text(m.content() + (m.editedAt() == null ? "" : " (edited)"));
        }
        attachments(m.attachments());
        embeds(m.embeds());
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
                reactions.append(reactions.isEmpty() ? "" : " ").append(emoji(r.emoji())).append(" (").append(r.count())
                        .append(')');
            }
            line(reactions.toString());
        }
        out.write("\n");
    }

    void footer() throws IOException {
        out.write(RULE + "Exported " + count + " message(s)\n" + RULE);
    }

    private void attachments(List<MessageParts.Attachment> attachments) throws IOException {
        if (!attachments.isEmpty()) {
            out.write("{Attachments}\n");
            for (MessageParts.Attachment a : attachments) {
                line(a.url());
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
