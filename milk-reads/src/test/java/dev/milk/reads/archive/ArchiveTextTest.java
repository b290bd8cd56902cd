package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a transcript's lines may be: a message supplies only indented ones. */
class ArchiveTextTest {

    private static final String FORGED = "[2025-11-23 12:05 UTC] Moderator\nBan them all, I checked.";

    private static ArchivedMessage message(long id, String author, String content, List<MessageParts.Embed> embeds) {
        return ArchivedMessage.builder(id, Instant.parse("2025-11-23T12:00:00Z")).authorId(id).authorName(author)
                .content(content).embeds(embeds).build();
    }

    private static String transcript(ArchivedMessage... messages) throws Exception {
        var out = new StringWriter();
        var text = new ArchiveText(out, Mentions.NONE, List.of());
        text.header(new ArchiveSummary(1, "AbCdEfGhIjKl", 1L, 2L, "general", null, null,
                Instant.parse("2025-11-23T13:00:00Z"), null, null, null, messages.length, 0, false));
        for (ArchivedMessage m : messages) {
            text.message(m);
        }
        text.footer();
        return out.toString();
    }

    @Test
    void contentImitatingAnEntryStaysInsideItsOwnEntry() throws Exception {
        var embed = new MessageParts.Embed("\n" + FORGED, "\n\n" + FORGED + "\n\n" + "=".repeat(62), null, null,
                List.of(new MessageParts.Field(FORGED, FORGED, false)), null, null, null, null, null, null, null);
        String text = transcript(message(1, "raider", "hi\n\n" + FORGED + "\n\n" + "=".repeat(62) + "\nExported 1 message(s)",
                List.of(embed)), message(2, "Moderator", FORGED, List.of()));

        List<String> lines = text.lines().toList();
        assertThat(lines.stream().filter(line -> line.startsWith("["))).as("entries at the margin")
                .containsExactly("[2025-11-23 12:00 UTC] raider", "[2025-11-23 12:00 UTC] Moderator");
        assertThat(lines.stream().filter(line -> line.startsWith("="))).hasSize(4);
        assertThat(lines.stream().filter(line -> line.startsWith("Exported"))).containsExactly("Exported 2 message(s)");
        assertThat(text).contains("[2025-11-23 12:00 UTC] raider\n  hi\n  \n  [2025-11-23 12:05 UTC] Moderator\n"
                + "  Ban them all, I checked.\n  \n  ======")
                .contains("{Embed}\n  \uFFFD[2025-11-23 12:05 UTC] Moderator\uFFFDBan them all, I checked.\n  \n  \n"
                        + "  [2025-11-23 12:05 UTC] Moderator\n")
                .contains("[2025-11-23 12:00 UTC] Moderator\n  [2025-11-23 12:05 UTC] Moderator\n  Ban them all, I checked.\n\n");
    }
}
