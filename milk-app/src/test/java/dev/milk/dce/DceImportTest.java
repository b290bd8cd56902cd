package dev.milk.dce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.milk.MilkApplication;
import dev.milk.MilkEndToEndTest;
import dev.milk.archive.CdnStandIn;

/**
 * {@code MILK_ROLE=import-dce} on exports made by DiscordChatExporter's rules, through real Kafka
 * and PostgreSQL into the public routes, and back out through {@code /archive/{id}.dce.json}.
 *
 * <p>The exports under {@code src/test/resources/dce} were written by hand, field by field, after
 * DCE's {@code JsonMessageWriter} (Tyrrrz/DiscordChatExporter): {@code current/} as the writer of
 * February 2026 (b533e08d, forwarded messages) writes a {@code --media --partition} export with
 * local times (its file names, its {@code _Files} folder, its asset names {@code name-<16 hex>.ext},
 * empty ids of unicode emoji, {@code iconCanonicalUrl}s, a reply, a join, a pin, a forward, an
 * interaction); {@code older/} as the writer of December 2020 (07ac8056, replies) wrote one: no
 * {@code exportedAt}, nicknames, colours, roles, stickers nor inline emoji, a mention's
 * discriminator a number, a unicode emoji's id null, a reference without its type, markdown
 * formatted; {@code malformed/} a current one with a bad id, a time of the wrong kind, and cut
 * short inside its fifth message.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "milk.public-url=https://milk.example")
class DceImportTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern IMPORTED = Pattern.compile("https://milk\\.example/archive/([\\w-]+) \\(#([^,]+), (\\d+) part\\(s\\)\\): (\\d+) messages imported");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPartitionedMediaExportBecomesOneArchiveWithItsFilesCopiedOnceAndComesBackTheSame(CapturedOutput output,
            @TempDir Path temp) throws Exception {
        int port = freePort();
        String mediaUrl = "https://media.discordapp.net:" + port;
        int before = output.getOut().length();

        assertThat(importDce(resource("current"), "--milk.import.dce.media.url=" + mediaUrl,
                "--milk.import.dce.media.key-store=" + CdnStandIn.shared().keystore(),
                "--milk.import.dce.media.key-store-password=" + CdnStandIn.PASSWORD,
                "--milk.import.dce.media.idle=20s")).isZero();
        String run = output.getOut().substring(before);
        List<Imported> imported = imported(run);
        assertThat(imported).hasSize(1);
        Imported archive = imported.getFirst();
        assertThat(archive.channel()).isEqualTo("general");
        assertThat(archive.parts()).isEqualTo(2);
        assertThat(archive.messages()).isEqualTo(6);
        assertThat(run).contains("[part 2].json line 21: message 1148000000000000104: attachment 'missing.png' is a file beside the export")
                .contains("files beside the exports: 2 served, 2 fetched by Milk's copier");
        eventually(() -> sealedWith(archive.publicId(), 6), "the archive sealed with its 6 messages");

        JsonNode page = JSON.readTree(get("/archive/" + archive.publicId() + ".json").body());
        JsonNode messages = page.get("messages").get("data");
        assertThat(messages).hasSize(6);
        JsonNode hello = messages.get(0);
        assertThat(hello.get("content").asString()).isEqualTo("Hello **world** <:milk:1148000000000000900> <script>alert(1)</script>");
        assertThat(hello.get("authorName").asString()).isEqualTo("Jamie ✨");
        // The avatar's hash, read back from the name --media gave its file.
        assertThat(hello.get("authorAvatarHash").asString()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(hello.get("authorRoleColor").asInt()).isEqualTo(0xE67E22);
        assertThat(hello.get("createdAt").asString()).isEqualTo("2026-11-30T09:00:00.500Z");
        assertThat(hello.get("attachments").get(0).get("url").asString()).isEqualTo(mediaUrl + "/0/cat-5f0c8a9d2e3b4c1a.png");
        assertThat(hello.get("reactions").get(0).get("emoji").get("id").isNull()).as("a unicode emoji has no id").isTrue();
        assertThat(hello.get("reactions").get(0).get("count").asInt()).isEqualTo(2);
        assertThat(hello.get("reactions").get(1).get("emoji").get("id").asString()).isEqualTo("1148000000000000900");
        JsonNode reply = messages.get(1);
        assertThat(reply.get("type").asString()).isEqualTo("reply");
        assertThat(reply.get("replyToId").asString()).isEqualTo("1148000000000000100");
        assertThat(reply.get("editedAt").asString()).isEqualTo("2026-11-30T09:02:30.250Z");
        JsonNode embed = reply.get("embeds").get(0);
        assertThat(embed.get("title").asString()).isEqualTo("Raid report");
        assertThat(embed.get("author").get("url").isNull()).as("an http link is left out").isTrue();
        assertThat(embed.get("thumbnail").get("url").asString()).isEqualTo(mediaUrl + "/1/thumbnail-9a8b7c6d5e4f3a2b.png");
        assertThat(embed.get("fields").get(0).get("inline").asBoolean()).isTrue();
        assertThat(reply.get("stickers").get(0).get("format").asString()).isEqualTo("png");
        assertThat(page.get("messages").get("mentions").get("users").get(0).get("name").asString()).isEqualTo("Jamie ✨");
        assertThat(messages.get(2).get("type").asString()).isEqualTo("join");
        assertThat(messages.get(3).get("forwarded").get("content").asString()).isEqualTo("the forwarded words");
        assertThat(messages.get(4).get("attachments")).hasSize(1);
        assertThat(messages.get(5).get("type").asString()).isEqualTo("pin");
        assertThat(java.util.stream.IntStream.range(0, 6).filter(i -> messages.get(i).path("pinned").asBoolean()).count())
                .as("isPinned, as Milk's pinned").isEqualTo(1);
        JsonNode command = java.util.stream.IntStream.range(0, 6).mapToObj(i -> messages.get(i).get("interactionMetadata"))
                .filter(node -> node != null && !node.isNull()).findFirst().orElseThrow();
        assertThat(command.get("name").asString()).isEqualTo("report");
        assertThat(command.get("user").get("name").asString()).isEqualTo("Jamie ✨");
        // The files beside the export were copied by Milk's copier, as any file is.
        eventually(() -> storedCopies(archive.publicId()) >= 2, "the copies of the files beside the export");
        assertThat(get("/archive/" + archive.publicId()).body()).contains("Raid report").doesNotContain("<script>alert");

        // Again: the same archive, nothing stored twice.
        before = output.getOut().length();
        assertThat(importDce(resource("current"), "--milk.import.dce.media.url=" + mediaUrl,
                "--milk.import.dce.media.key-store=" + CdnStandIn.shared().keystore(),
                "--milk.import.dce.media.key-store-password=" + CdnStandIn.PASSWORD,
                "--milk.import.dce.media.idle=3s")).isZero();
        assertThat(imported(output.getOut().substring(before))).extracting(Imported::publicId).containsExactly(archive.publicId());
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.public_id = ?""",
                Long.class, archive.publicId())).isEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM archive WHERE channel_id = 1148000000000000001", Long.class))
                .isEqualTo(1);

        // Out in DCE's format, and in again: the same messages.
        var exported = get("/archive/" + archive.publicId() + ".dce.json");
        assertThat(exported.statusCode()).isEqualTo(200);
        JsonNode dce = JSON.readTree(exported.body());
        assertThat(dce.get("messageCount").asInt()).isEqualTo(6);
        assertThat(dce.get("messages").get(0).get("attachments").get(0).get("url").asString())
                .as("the export links Milk's copy").startsWith("https://milk.example/media/");
        Path roundTrip = temp.resolve("round trip.json");
        Files.writeString(roundTrip, exported.body(), StandardCharsets.UTF_8);
        before = output.getOut().length();
        assertThat(importDce(roundTrip)).isZero();
        Imported back = imported(output.getOut().substring(before)).getFirst();
        assertThat(back.publicId()).isNotEqualTo(archive.publicId());
        eventually(() -> sealedWith(back.publicId(), 6), "the round trip's archive sealed");
        JsonNode again = JSON.readTree(get("/archive/" + back.publicId() + ".json").body()).get("messages").get("data");
        for (int i = 0; i < 6; i++) {
            for (String field : List.of("id", "type", "authorId", "authorName", "authorAvatarHash", "authorIsBot",
                    "authorRoleColor", "content", "createdAt", "editedAt", "replyToId", "stickers", "reactions",
                    "forwarded", "pinned", "interactionMetadata")) {
                assertThat(again.get(i).get(field)).as("message %d's %s", i, field).isEqualTo(messages.get(i).get(field));
            }
            assertThat(withoutUrls(again.get(i).get("attachments"))).as("message %d's attachments", i)
                    .isEqualTo(withoutUrls(messages.get(i).get("attachments")));
            assertThat(withoutUrls(again.get(i).get("embeds"))).as("message %d's embeds", i)
                    .isEqualTo(withoutUrls(messages.get(i).get("embeds")));
        }
    }

    @Test
    void anExportOfDceIn2020ReadsAsWell(CapturedOutput output) throws Exception {
        int before = output.getOut().length();
        assertThat(importDce(resource("older"))).isZero();
        Imported archive = imported(output.getOut().substring(before)).getFirst();
        assertThat(archive.messages()).isEqualTo(2);
        eventually(() -> sealedWith(archive.publicId(), 2), "the older export's archive sealed");
        JsonNode messages = JSON.readTree(get("/archive/" + archive.publicId() + ".json").body()).get("messages").get("data");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Welcome @jamie, read #rules :)");
        assertThat(messages.get(0).get("authorName").asString()).as("no nickname then: the user name").isEqualTo("Mod Bot");
        assertThat(messages.get(0).get("createdAt").asString()).isEqualTo("2020-12-29T13:04:05.123Z");
        assertThat(messages.get(0).get("embeds").get(0).get("title").isNull()).as("DCE's empty title is no title").isTrue();
        assertThat(messages.get(0).get("embeds").get(0).get("image").get("width").asInt()).isEqualTo(320);
        assertThat(messages.get(0).get("reactions").get(0).get("emoji").get("name").asString()).isEqualTo("❤️");
        assertThat(messages.get(1).get("replyToId").asString()).isEqualTo("1148000000000001000");
        assertThat(messages.get(1).get("authorAvatarHash").asString()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(messages.get(1).get("attachments").get(0).get("filename").asString()).isEqualTo("notes.txt");

        // The same export on standard input: the same archive, whose id the export itself gives.
        before = output.getOut().length();
        InputStream stdin = System.in;
        try (InputStream export = Files.newInputStream(resource("older").resolve("Milk Test - old-general [1148000000000000011].json"))) {
            System.setIn(export);
            assertThat(importDce(Path.of("-"))).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(imported(output.getOut().substring(before))).extracting(Imported::publicId)
                .containsExactly(archive.publicId());
        assertThat(jdbc.queryForObject("SELECT message_count FROM archive WHERE public_id = ?", Long.class,
                archive.publicId())).isEqualTo(2);
    }

    @Test
    void aMalformedExportNamesItsLinesAndImportsTheRest(CapturedOutput output) throws Exception {
        int before = output.getOut().length();
        assertThat(importDce(resource("malformed"))).isZero();
        String run = output.getOut().substring(before);
        Imported archive = imported(run).getFirst();
        assertThat(archive.messages()).isEqualTo(2);
        assertThat(run).contains("2 messages imported, 2 not imported")
                .contains("line 46: id 'not-a-snowflake' is not a Discord id; not imported")
                .contains("line 71: the message is not a DCE message")
                .containsPattern("line 1\\d\\d: not JSON from here: .*; the messages before it were imported, none after");
        eventually(() -> sealedWith(archive.publicId(), 2), "the broken export's archive sealed");
        JsonNode messages = JSON.readTree(get("/archive/" + archive.publicId() + ".json").body()).get("messages").get("data");
        assertThat(messages).extracting(m -> m.get("content").asString()).containsExactly("first", "fourth");
    }

    @Test
    void aPathThatIsNothingStopsTheImportNamingIt(CapturedOutput output) {
        assertThat(importDce(Path.of("/nonexistent/export.json"))).isNotZero();
        assertThat(output.getOut()).contains("MILK_IMPORT_DCE_PATH");
    }

    private record Imported(String publicId, String channel, int parts, int messages) {
    }

    private static List<Imported> imported(String log) {
        List<Imported> all = new ArrayList<>();
        Matcher m = IMPORTED.matcher(log);
        while (m.find()) {
            all.add(new Imported(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        return all;
    }

    private boolean sealedWith(String publicId, long messages) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT coalesce(bool_and(sealed_at IS NOT NULL AND message_count = ?), false) FROM archive WHERE public_id = ?""",
                Boolean.class, messages, publicId));
    }

    private long storedCopies(String publicId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.public_id = ? AND m.state = 'stored' AND m.url LIKE 'https://media.discordapp.net:%'""",
                Long.class, publicId);
    }

    /** What the round trip keeps: every part but the links, which then name Milk's copies. */
    private static JsonNode withoutUrls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            object.remove(List.of("url", "iconUrl"));
            object.forEach(DceImportTest::strip);
        } else if (node != null && node.isArray()) {
            node.forEach(DceImportTest::strip);
        }
    }

    /** Role import-dce, in this JVM, publishing to the test's broker; returns the exit code the process would have. */
    private static int importDce(Path path, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--milk.role=import-dce", "--milk.import.dce.path=" + path,
                "--milk.public-url=https://milk.example", "--logging.level.dev.milk.dce=INFO"));
        arguments.addAll(List.of(more));
        try {
            return SpringApplication.exit(SpringApplication.run(MilkApplication.class, arguments.toArray(String[]::new)));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DceImportTest.class.getResource("/dce/" + name).toURI());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
