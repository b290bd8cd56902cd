package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.TestHosts;
import dev.milk.standalone.DemoComponents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Attachments outlive Discord's links: writers copy them from the CDN (here its stand-in, by the
 * CDN's own names) into Milk's storage, refuse what they must, and pages load the copies.
 */
class MediaCopyTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    private final CdnStandIn cdn = CdnStandIn.shared();

    @Test
    void copiesWhatItMayAndSaysWhyForTheRest() throws Exception {
        Map<String, String> fixtures = new LinkedHashMap<>();
        for (String name : List.of("photo.png", "clip.mp4", "lying.png", "redirect-ok.png", "flaky.png", "huge.bin",
                "huge-chunked.bin", "slow.png", "gone.png", "redirect-private.png", "redirect-elsewhere.png")) {
            fixtures.put(name, cdn.fixture(name));
        }
        // A query of its own: other tests of this JVM download the same photo, and the count below is this test's.
        fixtures.put("photo.png", cdn.fixture("photo.png") + "?for=copies");
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>();
        int n = 0;
        for (var fixture : fixtures.entrySet()) {
            messages.add(Archives.message(n++, "file " + fixture.getKey(), null, List.of(new ArchiveMessage.Attachment(
                    Integer.toString(n), fixture.getKey(), fixture.getKey().endsWith(".png") ? "image/png" : "video/mp4",
                    1_000L, fixture.getValue())), List.of()));
        }
        // The photo again, in another message: one download, one copy.
        messages.add(Archives.message(n, "the photo again", null, List.of(new ArchiveMessage.Attachment("99",
                "again.png", "image/png", 1_000L, fixtures.get("photo.png"))), List.of()));
        archives.addMessages(archiveId, messages).get();
        // The messages first: their files are queued in the same transaction, so none is pending
        // unseen once they show (asked the other way round, "none pending" could predate them).
        eventually(() -> Archives.count(jdbc, archiveId) == messages.size() && pending(archiveId) == 0,
                "every copy made or given up");

        Map<String, String> states = new LinkedHashMap<>();
        jdbc.query("""
                SELECT url, state, coalesce(error, content_type) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ?""", rs -> {
            states.put(rs.getString(1).substring(rs.getString(1).lastIndexOf('/') + 1), rs.getString(2) + ": " + rs.getString(3));
        }, archiveId);
        assertThat(states).containsEntry("photo.png?for=copies", "stored: image/png")
                .containsEntry("clip.mp4", "stored: video/mp4")
                .containsEntry("lying.png", "stored: text/html")
                .containsEntry("redirect-ok.png", "stored: image/png")
                .containsEntry("flaky.png", "stored: image/png")
                .containsEntry("huge.bin", "failed: the file is larger than 1 MB")
                .containsEntry("huge-chunked.bin", "failed: the file is larger than 1 MB")
                .containsEntry("slow.png", "failed: the download took too long")
                .containsEntry("gone.png", "failed: the link expired or was removed (404)")
                .containsEntry("redirect-private.png", "failed: the host's address is not public")
                .containsEntry("redirect-elsewhere.png", "failed: the host is not allowed");
        assertThat(cdn.requests("/fixtures/photo.png?for=copies")).as("the photo, downloaded once for two messages").isEqualTo(1);
        assertThat(cdn.requests("/fixtures/slow.png")).as("a timeout is tried again").isEqualTo(2);
        assertThat(cdn.requests("/fixtures/gone.png")).as("a 404 is not").isEqualTo(1);

        JsonNode data = JSON.readTree(get("/archive/" + publicId + ".json").body()).get("messages").get("data");
        String photo = data.get(0).get("media").get(0).get("copyUrl").asString();
        assertThat(photo).matches("/media/[0-9a-f]{64}/photo\\.png");
        assertThat(data.get(11).get("media").get(0).get("copyUrl").asString()).as("the same copy").isEqualTo(photo);
        HttpResponse<byte[]> image = bytes(photo);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(image.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; sandbox");
        assertThat(image.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
        assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');

        String lying = data.get(2).get("media").get(0).get("copyUrl").asString();
        HttpResponse<byte[]> html = bytes(lying);
        assertThat(html.headers().firstValue("Content-Type")).as("HTML called a PNG is served as bytes")
                .hasValue("application/octet-stream");
        assertThat(html.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"lying.png\"; filename*=UTF-8''lying.png");
        assertThat(bytes(data.get(1).get("media").get(0).get("copyUrl").asString()).headers().firstValue("Content-Type"))
                .hasValue("video/mp4");

        String page = get("/archive/" + publicId).body();
        assertThat(page).contains("<img loading=\"lazy\" alt=\"photo.png\" src=\"" + photo + "\">")
                .doesNotContain("src=\"" + lying + "\"")
                .contains("<a class=\"file\" href=\"" + lying + "\"")
                .contains("not copied: the link expired or was removed (404); the link may no longer open")
                .doesNotContain("src=\"" + fixtures.get("photo.png") + "\"");
        assertThat(get("/media/" + "0".repeat(64) + "/x.png").statusCode()).isEqualTo(404);
        assertThat(get("/media/not-a-key/x.png").statusCode()).isEqualTo(400);
    }

    /**
     * A components-v2 message carries its pictures and files in its components, not its
     * attachments: they are copied all the same, and the page shows Milk's copies; a voice
     * message's copy plays in the browser's own audio controls, its waveform drawn beside it.
     */
    @Test
    void componentsFilesAndAVoiceMessageAreCopiedAndServed() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        String thumbnail = cdn.fixture("noise-27.png");
        String gallery = cdn.fixture("redirect-ok.png");
        String file = cdn.fixture("report.csv");
        String voice = cdn.fixture("voice.wav");
        ArchiveMessage report = Archives.message(0, "", null, List.of(), List.of());
        report = ArchiveMessage.builder().id(report.id()).authorId(report.authorId()).authorName(report.authorName())
                .createdAtMillis(report.createdAtMillis()).flags(MessageFlags.IS_COMPONENTS_V2)
                .components(List.of(MessageComponent.of(MessageComponent.CONTAINER).components(List.of(
                        MessageComponent.of(MessageComponent.SECTION)
                                .components(List.of(MessageComponent.of(MessageComponent.TEXT_DISPLAY).content("report").build()))
                                .accessory(MessageComponent.of(MessageComponent.THUMBNAIL)
                                        .media(ArchiveMessage.UnfurledMedia.of(thumbnail)).build()).build(),
                        MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(new ArchiveMessage.MediaItem(
                                ArchiveMessage.UnfurledMedia.of(gallery), "the chart", null))).build(),
                        MessageComponent.of(MessageComponent.FILE).file(ArchiveMessage.UnfurledMedia.of(file))
                                .name("report.csv").size(16L).build())).build()))
                .build();
        ArchiveMessage spoken = Archives.message(1, "", null, List.of(new ArchiveMessage.Attachment("9",
                "voice-message.wav", "audio/wav", 12_044L, voice, 3.0, DemoComponents.waveform())), List.of());
        archives.addMessages(archiveId, List.of(report, ArchiveMessage.builder().id(spoken.id())
                .authorId(spoken.authorId()).authorName(spoken.authorName()).createdAtMillis(spoken.createdAtMillis())
                .attachments(spoken.attachments()).flags(MessageFlags.IS_VOICE_MESSAGE).build())).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 2 && pending(archiveId) == 0, "every copy made or given up");

        Map<String, String> kinds = new LinkedHashMap<>();
        jdbc.query("""
                SELECT url, kind || ' ' || state FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ?""", rs -> {
            kinds.put(rs.getString(1), rs.getString(2));
        }, archiveId);
        assertThat(kinds).containsEntry(thumbnail, "component_media stored").containsEntry(gallery, "component_media stored")
                .containsEntry(file, "component_file stored").containsEntry(voice, "attachment stored");

        Map<String, String> copies = Archives.copies(JSON.readTree(get("/archive/" + publicId + ".json").body()));
        Document page = Jsoup.parse(get("/archive/" + publicId).body());
        assertThat(page.select(".section-accessory img").attr("src")).isEqualTo(copies.get(thumbnail)).startsWith("/media/");
        assertThat(page.select(".gallery-item img").attr("src")).isEqualTo(copies.get(gallery));
        assertThat(page.select(".gallery-item img").attr("alt")).isEqualTo("the chart");
        assertThat(page.select(".component-file a.file").attr("href")).isEqualTo(copies.get(file));
        // Served under the attachment's own name, as every attachment's copy is.
        assertThat(page.select(".voice audio[controls]").attr("src"))
                .isEqualTo(copies.get(voice).replace("/voice.wav", "/voice-message.wav"));
        assertThat(page.select(".voice svg.waveform rect")).hasSize(48);
        assertThat(page.select(".voice-duration").text()).isEqualTo("0:03");
        assertThat(page.toString()).doesNotContain("src=\"" + thumbnail).doesNotContain("src=\"" + voice);
        HttpResponse<byte[]> audio = bytes(copies.get(voice));
        assertThat(audio.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("audio/"));
        assertThat(get("/archive/" + publicId).headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("the copy plays from Milk, and from nowhere else").contains("media-src 'self';");
    }

    /**
     * Each message's author's avatar is queued, a row per message as every link is, and the copier
     * downloads each link once: 1,200 messages of 30 authors are 30 downloads, and 30 small files
     * stay well under the test's 100 KB cap, each counted once however many messages show it.
     */
    @Test
    void anAvatarIsDownloadedOnceHoweverManyMessagesShowIt() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        // Hashes of this run alone: no copy of another test's avatar is there to reuse.
        String run = Integer.toHexString(archiveId.hashCode());
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            ArchiveMessage m = Archives.message(i);
            int author = i % 30;
            // And one author whose avatar is gone (changed since): the CDN answers 404.
            String hash = i % 100 == 99 ? "gone" + run : "a_" + run + "f" + author;
            messages.add(new ArchiveMessage(m.id(), Long.toString(i % 100 == 99 ? 730 : 700 + author), "author " + author,
                    hash, false, m.content(), m.createdAtMillis(), null, null, List.of(), List.of(), List.of()));
        }
        // A hash writers accept ('.' is allowed) but no avatar's: it makes no link, the author keeps a default avatar.
        ArchiveMessage first = messages.getFirst();
        messages.set(0, new ArchiveMessage(first.id(), "699", "hostile", "..", false, first.content(),
                first.createdAtMillis(), null, null, List.of(), List.of(), List.of()));
        for (int from = 0; from < messages.size(); from += 400) {
            archives.addMessages(archiveId, messages.subList(from, from + 400)).get();
        }
        eventually(() -> Archives.count(jdbc, archiveId) == messages.size() && pending(archiveId) == 0,
                "every avatar copied or given up");

        assertThat(jdbc.queryForList("""
                SELECT kind || ' ' || state || ' ' || count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? GROUP BY kind, state""", String.class, archiveId))
                .as("a row for each message but the hostile one's, the gone avatar's failed")
                .containsExactlyInAnyOrder("avatar stored 1187", "avatar failed 12");
        assertThat(cdn.requests("/avatars/730/gone" + run + ".png?size=80")).as("the gone avatar, asked for once")
                .isOne();
        int downloads = 0;
        for (int author = 0; author < 30; author++) {
            int asked = cdn.requests("/avatars/" + (700 + author) + "/a_" + run + "f" + author + ".png?size=80");
            assertThat(asked).as("downloads of author %d's avatar", author).isOne();
            downloads += asked;
        }
        assertThat(downloads).isEqualTo(30);

        JsonNode data = JSON.readTree(get("/archive/" + publicId + ".json").body()).get("messages").get("data");
        JsonNode avatar = data.get(1).get("media").get(0);
        assertThat(avatar.get("kind").asString()).isEqualTo("avatar");
        assertThat(avatar.get("url").asString()).isEqualTo("https://cdn.discordapp.com/avatars/701/a_" + run + "f1.png?size=80");
        String copy = avatar.get("copyUrl").asString();
        assertThat(copy).matches("/media/[0-9a-f]{64}/a_" + run + "f1\\.png");
        assertThat(data.get(31).get("media").get(0).get("copyUrl").asString()).as("the same copy, another message")
                .isEqualTo(copy);
        assertThat(data.get(0).get("media")).as("the hostile hash's message").isEmpty();
        HttpResponse<byte[]> image = bytes(copy);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");

        List<String> avatars = Pattern.compile("<img class=\"avatar\" [^>]*src=\"([^\"]*)\"")
                .matcher(get("/archive/" + publicId).body()).results().map(r -> r.group(1)).toList();
        assertThat(avatars).as("the first page's 500 messages, each its own author").hasSize(500);
        assertThat(avatars.getFirst()).matches("/assets/avatars/[0-5]\\.svg");
        assertThat(avatars.get(1)).isEqualTo(copy);
        assertThat(avatars.get(99)).as("the gone avatar: Discord's link, a default avatar when it fails (milk.css)")
                .isEqualTo("https://cdn.discordapp.com/avatars/730/gone" + run + ".png?size=80");
        assertThat(avatars.subList(1, 500)).filteredOn(src -> !src.contains("/gone"))
                .hasSize(494).allMatch(src -> src.matches("/media/[0-9a-f]{64}/a_" + run + "f\\d+\\.png"));
    }

    @Test
    void anArchiveStopsAtItsCapAndATakedownOrRemovalDeletesItsCopies() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "noise-" + Math.floorMod(archiveId.hashCode(), 100_000) + i + ".png";
            messages.add(Archives.message(i, "noise " + i, null, List.of(new ArchiveMessage.Attachment(Integer.toString(i),
                    name, "image/png", 30_000L, cdn.fixture(name))), List.of()));
        }
        archives.addMessages(archiveId, messages).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 5 && pending(archiveId) == 0, "the copies made or given up");
        List<String> states = jdbc.queryForList("""
                SELECT state || coalesce(': ' || error, '') FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? ORDER BY message_id""", String.class, archiveId);
        assertThat(states.stream().filter("stored"::equals).count()).as("100 KB hold three of the 30 KB images")
                .isEqualTo(3);
        assertThat(states).contains("failed: the archive's copies reached their limit of 100 KB");
        List<String> keys = jdbc.queryForList("""
                SELECT media_key FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored' ORDER BY message_id""", String.class, archiveId);
        assertThat(opening(keys)).isEqualTo(3);

        // Whichever three were recorded first are stored: the first of them is removed.
        Long firstStored = jdbc.queryForObject("""
                SELECT min(message_id) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored'""", Long.class, archiveId);
        archives.redact(archiveId, List.of(Long.toString(firstStored)), "privacy", "500").get();
        eventually(() -> opening(keys) == 2, "the removed message's copy is deleted");
        archives.delete(archiveId, "takedown").get();
        eventually(() -> opening(keys) == 0, "the takedown deleted every copy");
    }

    @Test
    void anExpiredArchiveTakesItsCopiesWithIt() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, System.currentTimeMillis() + 4_000)).get();
        String name = "noise-" + Math.floorMod(archiveId.hashCode(), 100_000) + "9.png";
        archives.addMessages(archiveId, List.of(Archives.message(0, "expiring", null, List.of(
                new ArchiveMessage.Attachment("1", name, "image/png", 30_000L, cdn.fixture(name))), List.of()))).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 1 && pending(archiveId) == 0, "copied");
        List<String> keys = jdbc.queryForList("""
                SELECT media_key FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored'""", String.class, archiveId);
        assertThat(opening(keys)).isEqualTo(1);
        eventually(() -> opening(keys) == 0, "the purge deleted the copy with the messages");
    }

    /**
     * DNS rebinding: a name that answers an allowed address when checked and an inside one when
     * looked up again. The copier connects to the address it checked, so the inside one (a
     * listener on {@value TestHosts#SECOND_ANSWER}, at the stand-in's port) is never reached.
     */
    @Test
    void connectsToTheAddressItCheckedAndNeverToALaterAnswer() throws Exception {
        try (var inside = new ServerSocket(cdn.port(), 50, InetAddress.getByName(TestHosts.SECOND_ANSWER))) {
            AtomicInteger reached = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!inside.isClosed()) {
                    try {
                        inside.accept().close();
                        reached.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String archiveId = Archives.newId();
            String name = "noise-" + Math.floorMod(archiveId.hashCode(), 100_000) + "7.png";
            archives.create(Archives.created(archiveId, null)).get();
            archives.addMessages(archiveId, List.of(Archives.message(0, "rebinding", null, List.of(
                    new ArchiveMessage.Attachment("1", name, "image/png", 1_000L,
                            cdn.fixture(TestHosts.REBINDING, name))), List.of()))).get();
            eventually(() -> Archives.count(jdbc, archiveId) == 1 && pending(archiveId) == 0, "copied or given up");
            assertThat(reached.get()).as("connections to the name's later answer").isZero();
            // Copied from the first answer; or, should a loaded machine time that attempt out, the
            // next one looked the name up again and refused its inside answer before connecting.
            String outcome = jdbc.queryForObject("""
                    SELECT state || ': ' || coalesce(error, content_type) FROM archive_media m
                    JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""", String.class, archiveId);
            assertThat(outcome).isIn("stored: image/png", "failed: the host's address is not public");
            if (outcome.startsWith("stored")) {
                assertThat(cdn.requests("/fixtures/" + name)).as("downloads from the answer that was checked").isOne();
            }
        }
    }

    private int pending(String archiveId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'pending'""", Integer.class, archiveId);
    }

    /** How many of these copies open. */
    private int opening(List<String> keys) {
        return (int) keys.stream().filter(key -> get("/media/" + key + "/x.png").statusCode() == 200).count();
    }

    private HttpResponse<byte[]> bytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
