package dev.milk.dce.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** DCE's JSON read as it streams: the header, each message with its line, and where it breaks. */
class DceReaderTest {

    private static final String HEADER = """
            {
              "guild": {"id": "1", "name": "G", "iconUrl": "https://cdn.discordapp.com/icons/1/a.png"},
              "channel": {"id": "2", "type": "GuildTextChat", "category": null, "name": "general", "topic": null},
              "dateRange": {"after": null, "before": "2020-01-01T00:00:00+00:00"},
              "exportedAt": "2026-11-30T18:22:41.1234567+01:00",
              "messages": [
            """;

    @Test
    void theHeaderAndEachMessageWithTheLineItStartsOn() {
        String json = HEADER + """
                    {"id": "10", "type": "Default", "timestamp": "2020-12-29T15:04:05.123+02:00", "content": "a",
                     "author": {"id": "3", "name": "x", "discriminator": 1, "isBot": false}, "unknownLater": [1, {"a": 2}]},
                    {"id": "11", "type": "Reply", "timestamp": {"not": "a time"}},
                    17,
                    {"id": "12", "content": "c"}
                  ],
                  "messageCount": 3
                }
                """;
        try (DceReader reader = DceReader.open(in(json))) {
            assertThat(reader.header().guild().name()).isEqualTo("G");
            assertThat(reader.header().channel().name()).isEqualTo("general");
            assertThat(reader.header().dateRange().before()).isEqualTo("2020-01-01T00:00:00+00:00");
            List<DceReader.Item> items = all(reader);
            assertThat(items).extracting(DceReader.Item::line).containsExactly(7L, 9L, 10L, 11L);
            DceMessage first = ((DceReader.Message) items.get(0)).message();
            assertThat(first.author().discriminator()).as("a 2020 mention's number").isEqualTo("1");
            assertThat(DceValues.instant(first.timestamp())).isEqualTo(Instant.parse("2020-12-29T13:04:05.123Z"));
            assertThat(items.get(1)).isInstanceOf(DceReader.Unreadable.class);
            assertThat(((DceReader.Unreadable) items.get(2)).reason()).isEqualTo("is not a message object");
            assertThat(((DceReader.Message) items.get(3)).message().content()).isEqualTo("c");
        }
    }

    @Test
    void anExportCutShortEndsTheReadingAtItsLine() {
        String json = HEADER + """
                    {"id": "10", "content": "kept"},
                    {"id": "11", "content": "cut sh""";
        try (DceReader reader = DceReader.open(in(json))) {
            assertThat(((DceReader.Message) reader.next()).message().content()).isEqualTo("kept");
            assertThatThrownBy(reader::next).isInstanceOf(DceFormatException.class)
                    .satisfies(e -> assertThat(((DceFormatException) e).line()).isEqualTo(8));
        }
    }

    @Test
    void somethingElseIsNoExport() {
        assertThatThrownBy(() -> DceReader.open(in("[1, 2]"))).isInstanceOf(DceFormatException.class)
                .hasMessageContaining("one object");
        assertThatThrownBy(() -> DceReader.open(in("<html>"))).isInstanceOf(DceFormatException.class)
                .hasMessageStartingWith("line 1");
    }

    @Test
    void whatTheWriterWritesTheReaderReadsTheSame() {
        var message = new DceMessage("10", "Reply", DceValues.time(Instant.parse("2026-11-30T09:00:00.5Z")), null, null,
                null, "hi <@3> \"quoted\" ✨", new DceMessage.User("3", "x", null, "X", "#E67E22", true, null, null),
                List.of(new DceMessage.Attachment("20", "https://cdn.discordapp.com/a.png", "a.png", 5L)), List.of(),
                List.of(), List.of(new DceMessage.Reaction(new DceMessage.Emoji("", "👍", "👍", false, null), 2, null)),
                List.of(), new DceMessage.Reference("Default", "9", null, null), null, null, null);
        var out = new ByteArrayOutputStream();
        var header = new DceHeader(new DceHeader.Guild("1", null, null),
                new DceHeader.Channel("2", null, null, null, "general", null, null), new DceHeader.DateRange(null, null),
                "2026-11-30T09:00:00.000+00:00");
        try (DceWriter writer = new DceWriter(out)) {
            writer.header(header);
            writer.message(message);
            writer.finish();
        }
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("\"timestamp\" : \"2026-11-30T09:00:00.500+00:00\"").contains("\"messageCount\" : 1")
                .doesNotContain("null");
        try (DceReader reader = DceReader.open(in(written))) {
            assertThat(reader.header()).isEqualTo(header);
            assertThat(((DceReader.Message) reader.next()).message()).isEqualTo(message);
            assertThat(reader.next()).isNull();
        }
    }

    private static List<DceReader.Item> all(DceReader reader) {
        List<DceReader.Item> items = new ArrayList<>();
        for (DceReader.Item item; (item = reader.next()) != null; ) {
            items.add(item);
        }
        return items;
    }

    private static ByteArrayInputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
