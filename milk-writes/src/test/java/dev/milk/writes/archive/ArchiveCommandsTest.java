package dev.milk.writes.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.milk.access.Visibility;
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
                Instant.ofEpochMilli(1763899000000L), Instant.ofEpochMilli(1763999000000L), null));
    }

    @Test
    void readsARemovalWithItsIdsInOrderAndOnce() {
        var redact = (ArchiveCommand.Redact) parse("""
                {"type":"archive.redacted","archiveId":"a-1","messageIds":["30","10","30","20"],"reason":"doxxing",
                 "by":"42"}""");
        assertThat(redact).isEqualTo(new ArchiveCommand.Redact("a-1", java.util.List.of(10L, 20L, 30L), "doxxing", 42,
                null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', textBlock = """
            "messageIds":[],"by":"42"                          ¦ messageIds: is required: the ids of the messages to remove
            "messageIds":["1"]                                 ¦ by: is required
            "messageIds":["1"],"by":"mod"                      ¦ by: must be a decimal string of 1-20 digits
            "messageIds":["1",""],"by":"42"                    ¦ messageIds[1]: must be a decimal string of 1-20 digits
            "messageIds":["1"],"by":"42","redactedAtMillis":1  ¦ redactedAtMillis: must be epoch milliseconds between 2015-01-01T00:00:00Z and a day from now
            """)
    void aBadRemovalNamesItsField(String fields, String reason) {
        assertThatThrownBy(() -> parse("{\"type\":\"archive.redacted\",\"archiveId\":\"a-1\"," + fields + "}"))
                .hasMessage(reason);
        String tooMany = String.join(",", Collections.nCopies(1_001, "\"1\""));
        assertThatThrownBy(() -> parse("{\"type\":\"archive.redacted\",\"archiveId\":\"a-1\",\"by\":\"1\",\"messageIds\":["
                + tooMany + "]}")).hasMessage("messageIds: has 1001 entries; at most 1000 per record");
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
            embed image link   | ,"embeds":[{"image":{"url":"data:image/png;base64,AAAA"}}]       | messages[0].embeds[0].image.url: must be an https URL
            embed author icon  | ,"embeds":[{"author":{"name":"a","iconUrl":"http://x/a.png"}}]   | messages[0].embeds[0].author.iconUrl: must be an https URL
            embed footer       | ,"embeds":[{"footer":{"iconUrl":"https://x/a.png"}}]             | messages[0].embeds[0].footer.text: is required
            embed timestamp    | ,"embeds":[{"timestampMillis":-1}]                               | messages[0].embeds[0].timestampMillis: must be epoch milliseconds between 1970 and 9999
            unknown type       | ,"type":"nitro_gift"                                              | messages[0].type: must be one of Discord's message types, by name (default, recipient_add
            type number        | ,"type":"256"                                                     | messages[0].type: must be one of Discord's message types
            flags              | ,"flags":-1                                                       | messages[0].flags: must be Discord's flags
            button label       | ,"components":[{"type":1,"components":[{"type":2,"label":"ok"},{"type":2,"label":"%s"}]}] | messages[0].components[0].components[1].label: is longer than 80 characters
            button style       | ,"components":[{"type":1,"components":[{"type":2,"style":7}]}]  | messages[0].components[0].components[0].style: must be a button style from 1 to 6
            link button        | ,"components":[{"type":1,"components":[{"type":2,"style":5,"url":"javascript:alert(1)"}]}] | messages[0].components[0].components[0].url: must be an https URL
            component type     | ,"components":[{"label":"x"}]                                     | messages[0].components[0].type: must be Discord's component type
            select options     | ,"components":[{"type":3,"options":[{"value":"v"}]}]              | messages[0].components[0].options[0].label: is required
            placeholder        | ,"components":[{"type":3,"placeholder":"%s"}]                     | messages[0].components[0].placeholder: is longer than 150 characters
            gallery items      | ,"components":[{"type":12,"items":[{"description":"d"}]}]         | messages[0].components[0].items[0].media: must be an object
            gallery link       | ,"components":[{"type":12,"items":[{"media":{"url":"http://x/a.png"}}]}] | messages[0].components[0].items[0].media.url: must be an https URL
            file link          | ,"components":[{"type":13,"file":{"url":"attachment://a.png"}}]   | messages[0].components[0].file.url: must be an https URL
            accent colour      | ,"components":[{"type":17,"accentColor":16777216}]                | messages[0].components[0].accentColor: must be an RGB integer
            separator          | ,"components":[{"type":14,"spacing":3}]                           | messages[0].components[0].spacing: must be 1 (small) or 2 (large)
            nesting            | ,"components":[{"type":17,"components":[{"type":17,"components":[{"type":17,"components":[{"type":17,"components":[{"type":10,"content":"deep"}]}]}]}]}] | messages[0].components[0].components[0].components[0].components[0].components: nests components deeper than Discord does
            text total         | ,"components":[{"type":10,"content":"%s"},{"type":10,"content":"%s"}] | messages[0].components[1].content: makes the message's text displays longer than 4000 characters in all
            waveform           | ,"attachments":[{"id":"5","filename":"v.ogg","size":1,"url":"https://cdn.example/v.ogg","durationSecs":3.5,"waveform":"not base64!"}] | messages[0].attachments[0].waveform: must be base64
            voice length       | ,"attachments":[{"id":"5","filename":"v.ogg","size":1,"url":"https://cdn.example/v.ogg","durationSecs":-1}] | messages[0].attachments[0].durationSecs: must be a number of seconds
            burst count        | ,"reactions":[{"emoji":{"name":"👍"},"count":1,"countDetails":{"burst":-1}}] | messages[0].reactions[0].countDetails.burst: must not be negative
            burst colour       | ,"reactions":[{"emoji":{"name":"👍"},"count":1,"burstColors":["red"]}] | messages[0].reactions[0].burstColors[0]: must be a colour as #rrggbb
            gradient           | ,"authorRoleColors":{"secondaryColor":1}                          | messages[0].authorRoleColors.primaryColor: is required
            role icon          | ,"authorRoleIcon":{"icon":"abc"}                                  | messages[0].authorRoleIcon.roleId: is required
            role icon emoji    | ,"authorRoleIcon":{"unicodeEmoji":"a b"}                          | messages[0].authorRoleIcon.unicodeEmoji: must be an emoji
            server tag         | ,"authorPrimaryGuild":{"tag":"TOOLONG"}                           | messages[0].authorPrimaryGuild.tag: is longer than 4 characters
            tag badge          | ,"authorPrimaryGuild":{"identityGuildId":"1","tag":"MILK","badge":"../x"} | messages[0].authorPrimaryGuild.badge: must be 1-64 characters
            command user       | ,"interactionMetadata":{"type":2,"name":"ban"}                    | messages[0].interactionMetadata.user: must be an object
            command name       | ,"interactionMetadata":{"user":{"id":"1","name":"Jamie"},"name":"%s"} | messages[0].interactionMetadata.name: is longer than 100 characters
            automod rule       | ,"autoModeration":{"keyword":"k"}                                 | messages[0].autoModeration.ruleName: is required
            automod outcome    | ,"autoModeration":{"ruleName":"r","decisionOutcome":"deleted"}    | messages[0].autoModeration.decisionOutcome: must be blocked or flagged
            poll result votes  | ,"pollResult":{"question":"q","totalVotes":-1}                    | messages[0].pollResult.totalVotes: must not be negative
            role colour        | ,"authorRoleColor":-5                                             | messages[0].authorRoleColor: must be an RGB integer
            mention id         | ,"mentions":{"users":[{"id":"x","name":"a"}]}                     | messages[0].mentions.users[0].id: must be a decimal string
            role name          | ,"mentions":{"roles":[{"id":"1","name":""}]}                      | messages[0].mentions.roles[0].name: is required
            custom emoji name  | ,"reactions":[{"emoji":{"id":"1","name":"a<b>"},"count":1}]       | messages[0].reactions[0].emoji.name: of a custom emoji must be 2-32 letters
            unicode emoji      | ,"reactions":[{"emoji":{"name":"a b"},"count":1}]                 | messages[0].reactions[0].emoji.name: must be an emoji
            reaction count     | ,"reactions":[{"emoji":{"name":"👍"},"count":0}]                  | messages[0].reactions[0].count: must be a positive number
            thread archive id  | ,"thread":{"id":"1","name":"t","archiveId":"../x y"}              | messages[0].thread.archiveId: must be 1-64 characters
            poll answers       | ,"poll":{"question":"q","answers":[]}                             | messages[0].poll.answers: needs at least one answer
            poll votes         | ,"poll":{"question":"q","answers":[{"text":"a","votes":-1}]}      | messages[0].poll.answers[0].votes: must not be negative
            forwarded link     | ,"forwarded":{"content":"x","attachments":[{"id":"5","filename":"a","size":1,"url":"ftp://x/a"}]} | messages[0].forwarded.attachments[0].url: must be an https URL
            sticker format     | ,"stickers":[{"id":"1","name":"s","format":"svg"}]                | messages[0].stickers[0].format: must be png, apng, gif or lottie
            """)
    void namesTheBadField(String why, String extra, String reason) {
        String attachment = "{\"id\":\"5\",\"filename\":\"a.png\",\"size\":1,\"url\":\"https://cdn.example/a.png\"}";
        String filled = !extra.contains("%s") ? extra
                : extra.contains("\"type\":10") ? extra.formatted("x".repeat(2_000), "x".repeat(2_001))
                : extra.contains("content") ? extra.formatted("x".repeat(4_001))
                : extra.contains("attachments") ? extra.formatted(String.join(",", Collections.nCopies(11, attachment)))
                : extra.formatted("x".repeat(151));
        // one bad message alone: nothing valid is left, so the whole record is refused with the reason
        assertThatThrownBy(() -> parse(messages(MESSAGE.formatted(filled))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsTheWholeMessageModelAndNamesEveryoneOnce() {
        var add = (ArchiveCommand.AddMessages) parse("""
                {"type":"archive.messages","archiveId":"a-1","mentions":{"users":[{"id":"7","name":"Batch Name"}]},
                 "messages":[%s]}""".formatted(MESSAGE.formatted("""
                ,"type":"reply","authorRoleColor":15277667,
                 "mentions":{"users":[{"id":"7","name":"Message Name","avatarHash":"abc"}],
                             "roles":[{"id":"8","name":"Mods","color":3447003}],"channels":[{"id":"9","name":"rules"}]},
                 "reactions":[{"emoji":{"name":"👍"},"count":3},{"emoji":{"id":"10","name":"milk","animated":true},"count":1}],
                 "thread":{"id":"11","name":"Appeal","messageCount":4,"archiveId":"a-2"},
                 "poll":{"question":"Ban?","answers":[{"text":"Yes","emoji":{"name":"✅"},"votes":5},{"text":"No","votes":1}],
                         "expiresAtMillis":1999999999000,"multiselect":false},
                 "forwarded":{"content":"original","createdAtMillis":1763898000000,"embeds":[{"title":"t"}]},
                 "embeds":[{"title":"t","author":{"name":"a","url":"https://a.b","iconUrl":"https://a.b/i.png"},
                            "footer":{"text":"f","iconUrl":"https://a.b/f.png"},"timestampMillis":1763899000000,
                            "image":{"url":"https://a.b/i.png","width":10,"height":10},"thumbnail":{"url":"https://a.b/t.png"},
                            "video":{"url":"https://a.b/v.mp4"},"provider":{"name":"YouTube","url":"https://youtube.com"}}],
                 "stickers":[{"id":"12","name":"wave","format":"lottie"}]""")));
        StoredMessage m = add.messages().getFirst();
        assertThat(m.type()).isEqualTo("reply");
        assertThat(m.authorColor()).isEqualTo(15277667);
        assertThat(m.reactions()).hasSize(2);
        assertThat(m.thread().archiveId()).isEqualTo("a-2");
        assertThat(m.poll().answers()).extracting(a -> a.votes()).containsExactly(5, 1);
        assertThat(m.forwarded().content()).isEqualTo("original");
        assertThat(m.embeds().getFirst().provider().name()).isEqualTo("YouTube");
        // The batch's naming comes first, then the message's: the first naming wins in the store.
        assertThat(add.mentions()).containsExactly(
                new Mention(Mention.USER, 7, "Batch Name", null, null),
                new Mention(Mention.USER, 7, "Message Name", "abc", null),
                new Mention(Mention.ROLE, 8, "Mods", null, 3447003),
                new Mention(Mention.CHANNEL, 9, "rules", null, null));
    }

    @Test
    void aDefaultTypeIsStoredAsAnOrdinaryMessage() {
        var add = (ArchiveCommand.AddMessages) parse(messages(MESSAGE.formatted(",\"type\":\"default\"")));
        assertThat(add.messages().getFirst().type()).isNull();
    }

    @Test
    void readsAForgetKeyedByItsGuildOrByItsUserForEveryGuild() {
        assertThat(forget("7", "{\"type\":\"user.forget\",\"guildId\":\"7\",\"userId\":\"8\",\"requestedBy\":\"9\","
                + "\"reason\":\"asked\"}")).isEqualTo(new ArchiveCommand.Forget(7L, 8, 9, "asked"));
        assertThat(forget("8", "{\"type\":\"user.forget\",\"userId\":\"8\",\"requestedBy\":\"9\"}"))
                .isEqualTo(new ArchiveCommand.Forget(null, 8, 9, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', textBlock = """
            7 ¦ "guildId":"x","userId":"8","requestedBy":"9"  ¦ guildId: must be a decimal string of 1-20 digits
            7 ¦ "guildId":"7","requestedBy":"9"               ¦ userId: is required
            7 ¦ "guildId":"7","userId":"8"                    ¦ requestedBy: is required
            8 ¦ "guildId":"7","userId":"8","requestedBy":"9"  ¦ guildId: is '7' but the record key is not: key user.forget by the guild id, or by the user id for every guild
            7 ¦ "userId":"8","requestedBy":"9"                ¦ userId: is '8' but the record key is not: key user.forget by the guild id, or by the user id for every guild
            """)
    void aBadForgetNamesItsField(String key, String fields, String reason) {
        assertThatThrownBy(() -> forget(key, "{\"type\":\"user.forget\"," + fields + "}")).hasMessage(reason);
    }

    private static ArchiveCommand forget(String key, String json) {
        return ArchiveCommands.parse(key, json.getBytes(StandardCharsets.UTF_8), NOW).orElseThrow();
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

    @Test
    void readsWhoMayReadWhat() {
        assertThat(parse("""
                {"type":"archive.visibility","archiveId":"a-1","visibility":{"mode":"roles","roleIds":["9","3","9"]},
                 "by":"42","reason":"tickets"}""")).isEqualTo(new ArchiveCommand.ChangeVisibility("a-1",
                new Visibility(Visibility.Mode.ROLES, List.of(3L, 9L)), 42, "tickets"));
        assertThat(parse("""
                {"type":"archive.share","archiveId":"a-1","expiresAtMillis":1826971200000,"by":"42"}"""))
                .as("a year ahead, the longest a link lasts")
                .isEqualTo(new ArchiveCommand.Share("a-1", Instant.ofEpochMilli(1826971200000L), 42));
        assertThat(ArchiveCommands.parse("7", """
                {"type":"guild.access","guildId":"7","staffRoleIds":["2","1"],"defaultRaidVisibility":{"mode":"members"},
                 "by":"42"}""".getBytes(StandardCharsets.UTF_8), NOW).orElseThrow())
                .isEqualTo(new ArchiveCommand.ChangeGuildAccess(7, List.of(1L, 2L), null,
                        new Visibility(Visibility.Mode.MEMBERS, List.of()), 42));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', textBlock = """
            "type":"archive.visibility","visibility":{"mode":"roles","roleIds":[]},"by":"1"  ¦ visibility.roleIds: is required for mode roles: at least one role id
            "type":"archive.visibility","visibility":{"mode":"members","roleIds":["1"]},"by":"1" ¦ visibility.roleIds: is for mode roles only
            "type":"archive.visibility","visibility":{"mode":"roles","roleIds":["x"]},"by":"1" ¦ visibility.roleIds[0]: must be a decimal string of 1-20 digits
            "type":"archive.visibility","visibility":{},"by":"1"                            ¦ visibility.mode: is required: public, members, roles or staff
            "type":"archive.visibility","visibility":{"mode":"public"},"by":"1","reason":"%s" ¦ reason: is longer than 1000 characters
            "type":"archive.share","by":"1"                                                 ¦ expiresAtMillis: is required: a share link always ends
            "type":"archive.share","expiresAtMillis":1795435199999,"by":"1"                 ¦ expiresAtMillis: must be in the future (it is 2026-11-23T11:59:59.999Z)
            "type":"archive.share","expiresAtMillis":1827057600000,"by":"1"                 ¦ expiresAtMillis: must be at most 365 days from now: a link handed out opens the archive to whoever holds it, so it ends; share again to extend
            "type":"archive.share","expiresAtMillis":1795521600000                          ¦ by: is required
            "type":"archive.share.revoked","shareId":"a/b","by":"1"                         ¦ shareId: must be 1-64 characters of letters, digits, '_', '-' or '.'
            """)
    void aBadAccessEventNamesItsField(String fields, String reason) {
        assertThatThrownBy(() -> parse("{\"archiveId\":\"a-1\"," + fields.formatted("x".repeat(1_001)) + "}"))
                .hasMessage(reason);
    }

    @Test
    void aGuildsRolesAreCapped() {
        String roles = String.join(",", Collections.nCopies(101, "\"1\""));
        assertThatThrownBy(() -> ArchiveCommands.parse("7", ("{\"type\":\"guild.access\",\"guildId\":\"7\","
                + "\"staffRoleIds\":[" + roles + "],\"by\":\"1\"}").getBytes(StandardCharsets.UTF_8), NOW))
                .hasMessage("staffRoleIds: has 101 entries; at most 100");
    }
}
