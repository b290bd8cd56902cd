package dev.milk.writes.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.milk.writes.event.InvalidEventException;

class ArchiveCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String MESSAGE = """
            {"id":"1300000000000000001","authorId":"81384788765712384","authorName":"mod","authorIsBot":false,
             "content":"hello","createdAtMillis":1763899000000%s}""";

    private static ArchiveCommand parse(String json) {
        return ArchiveCommands.parse("a-1", json.getBytes(StandardCharsets.UTF_8), NOW).orElseThrow();
    }

    private static String messages(String... messages) {
        return "{\"type\":\"archive.messages\",\"archiveId\":\"a-1\",\"messages\":[" + String.join(",", messages) + "]}";
    }

    @Test
    void readsACreation() {
        var create = (ArchiveCommand.Create) parse("""
                {"type":"archive.created","archiveId":"a-1","guildId":"1","channelId":"2","channelName":"general",
                 "reason":"spam","createdBy":"3","createdAtMillis":1763899000000,"expiresAtMillis":1763999000000}""");
        assertThat(create).isEqualTo(new ArchiveCommand.Create("a-1", 1, 2, "general", "spam", 3,
                Instant.ofEpochMilli(1763899000000L), Instant.ofEpochMilli(1763999000000L)));
    }

    @Test
    void milksOwnRepliesAreIgnored() {
        assertThat(ArchiveCommands.parse("a-1",
                "{\"type\":\"archive.accepted\",\"archiveId\":\"a-1\",\"publicId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                NOW)).isEmpty();
    }

    @Test
    void aBadMessageIsRefusedAndItsNeighboursKept() {
        var add = (ArchiveCommand.AddMessages) parse(messages(MESSAGE.formatted(""),
                MESSAGE.formatted(",\"attachments\":[{\"id\":\"5\",\"filename\":\"x.exe\",\"size\":1,"
                        + "\"url\":\"javascript:alert(1)\"}]").replace("001\"", "002\""),
                MESSAGE.formatted("").replace("001\"", "003\"")));
        assertThat(add.messages()).extracting(StoredMessage::id).containsExactly(1300000000000000001L, 1300000000000000003L);
        assertThat(add.refused()).hasMessage(
                "1 of 3 messages refused, the others stored: messages[1].attachments[0].url: must be an https URL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            content too long   | ,"content":"%s"                                                   | messages[0].content: is longer than 4000 characters
            eleven attachments | ,"attachments":[%s]                                               | messages[0].attachments: has more than 10 entries
            http attachment    | ,"attachments":[{"id":"5","filename":"a","size":1,"url":"http://cdn/a"}] | messages[0].attachments[0].url: must be an https URL
            embed colour       | ,"embeds":[{"title":"t","color":16777216}]                        | messages[0].embeds[0].color: must be an RGB integer
            embed link         | ,"embeds":[{"title":"t","url":"javascript:alert(1)"}]            | messages[0].embeds[0].url: must be an https URL
            """)
    void namesTheBadField(String why, String extra, String reason) {
        String attachment = "{\"id\":\"5\",\"filename\":\"a.png\",\"size\":1,\"url\":\"https://cdn.example/a.png\"}";
        String filled = extra.contains("%s") ? extra.formatted(extra.contains("content")
                ? "x".repeat(4_001) : String.join(",", Collections.nCopies(11, attachment))) : extra;
        // one bad message alone: nothing valid is left, so the whole record is refused with the reason
        assertThatThrownBy(() -> parse(messages(MESSAGE.formatted(filled))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void unknownTypesAndMismatchedKeysAreRefused() {
        assertThatThrownBy(() -> parse("{\"type\":\"archive.renamed\",\"archiveId\":\"a-1\"}"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.UNKNOWN_TYPE);
                    assertThat(e.getMessage()).isEqualTo("type: unknown event type 'archive.renamed'");
                });
        assertThatThrownBy(() -> ArchiveCommands.parse("other",
                "{\"type\":\"archive.sealed\",\"archiveId\":\"a-1\",\"sealedAtMillis\":1763899000000}"
                        .getBytes(StandardCharsets.UTF_8), NOW))
                .hasMessageStartingWith("archiveId: is 'a-1' but the record key is not");
    }
}
