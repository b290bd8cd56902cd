package dev.milk.reads.archive;

import java.io.IOException;
import java.io.Writer;

import dev.milk.reads.web.Pages;
import dev.milk.reads.web.PlainText;

/** A plain transcript in the layout of DiscordChatExporter's TXT export, written as it streams. */
final class ArchiveText {

    private static final String RULE = "=".repeat(62) + "\n";

    private final Writer out;
    private long count;

    ArchiveText(Writer out) {
        this.out = out;
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
        out.write(RULE + "\n");
    }

    void message(ArchivedMessage m) throws IOException {
        count++;
        out.write("[" + Pages.minute(m.createdAt()) + "] " + PlainText.line(m.authorName())
                + (m.authorIsBot() ? " [BOT]" : "") + (m.replyToId() == null ? "" : " (reply to " + m.replyToId() + ")")
                + "\n");
        if (!m.content().isEmpty()) {
            out.write(PlainText.block(m.content()) + (m.editedAt() == null ? "" : " (edited)") + "\n");
        }
        if (!m.attachments().isEmpty()) {
            out.write("{Attachments}\n");
            for (MessageParts.Attachment a : m.attachments()) {
                out.write(PlainText.line(a.url()) + "\n");
            }
        }
        for (MessageParts.Embed e : m.embeds()) {
            out.write("{Embed}\n");
            if (e.title() != null) {
                out.write(PlainText.line(e.title()) + "\n");
            }
            if (e.description() != null) {
                out.write(PlainText.block(e.description()) + "\n");
            }
            if (e.fields() != null) {
                for (MessageParts.Field f : e.fields()) {
                    out.write(PlainText.line(f.name()) + ": " + PlainText.block(f.value()) + "\n");
                }
            }
        }
        if (!m.stickers().isEmpty()) {
            out.write("{Stickers}\n");
            for (MessageParts.Sticker s : m.stickers()) {
                out.write(PlainText.line(s.name()) + "\n");
            }
        }
        out.write("\n");
    }

    void footer() throws IOException {
        out.write(RULE + "Exported " + count + " message(s)\n" + RULE);
    }
}
