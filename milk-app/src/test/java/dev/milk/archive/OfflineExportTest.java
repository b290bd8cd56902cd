package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;

/** The offline copy: one page of every message, the media copies beside it, nothing fetched from a server. */
class OfflineExportTest extends MilkEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneSelfContainedPageAndTheCopiesBesideIt() throws Exception {
        CdnStandIn cdn = CdnStandIn.shared();
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 600));
        messages.set(1, Archives.message(1, "the photo", null, List.of(new ArchiveMessage.Attachment("1", "photo.png",
                "image/png", 1_000L, cdn.fixture("photo.png"))), List.of()));
        messages.set(2, Archives.message(2, "not a photo", null, List.of(new ArchiveMessage.Attachment("2", "lying.png",
                "image/png", 1_000L, cdn.fixture("lying.png"))), List.of()));
        messages.set(3, Archives.message(3, "my address is 1 Secret Lane", null, List.of(), List.of()));
        // An author with an avatar (a hash of this run alone), whose message starts a group and so shows it.
        ArchiveMessage sixth = Archives.message(6);
        String hash = "export" + Integer.toHexString(archiveId.hashCode());
        messages.set(6, new ArchiveMessage(sixth.id(), sixth.authorId(), sixth.authorName(), hash, false, sixth.content(),
                sixth.createdAtMillis(), null, null, List.of(), List.of(), List.of()));
        messages.set(550, Archives.message(550, "<script>document.title='pwned'</script> the last page", null,
                List.of(), List.of()));
        archives.addMessages(archiveId, messages.subList(0, 300)).get();
        archives.addMessages(archiveId, messages.subList(300, 600)).get();
        archives.redact(archiveId, List.of(messages.get(3).id()), "privacy", "500").get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId) && jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored'""", Integer.class, archiveId) == 3, "sealed and copied");

        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/archive/" + publicId + ".zip")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(answer.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"general-" + publicId + ".zip\"");
        Map<String, byte[]> entries = unzip(answer.body());
        List<String> keys = jdbc.queryForList("""
                SELECT media_key || ':' || content_type FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? ORDER BY message_id""", String.class, archiveId);
        String photo = "media/" + keys.get(0).split(":")[0] + ".png";
        String lying = "media/" + keys.get(1).split(":")[0] + ".bin";
        String avatar = "media/" + keys.get(2).split(":")[0] + ".png";
        assertThat(entries.keySet()).as("the page, the copies, Milk's default avatars").containsExactlyInAnyOrder(
                "index.html", photo, lying, avatar, "assets/avatars/0.svg", "assets/avatars/1.svg", "assets/avatars/2.svg",
                "assets/avatars/3.svg", "assets/avatars/4.svg", "assets/avatars/5.svg");
        assertThat(entries.keySet()).first().as("the page first").isEqualTo("index.html");
        assertThat(entries.get(photo)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(entries.get(avatar)).as("the author's avatar, copied").startsWith(0x89, 'P', 'N', 'G');

        String html = new String(entries.get("index.html"), StandardCharsets.UTF_8);
        assertThat(html.split("<article", -1)).as("every message, over two pages' worth").hasSize(601);
        assertThat(html).contains("<img loading=\"lazy\" alt=\"photo.png\" src=\"" + photo + "\">")
                .contains("<a class=\"file\" href=\"" + lying + "\"").doesNotContain("src=\"" + lying + "\"")
                .containsPattern("class=\"avatar\" [^>]*src=\"assets/avatars/[0-5]\\.svg\"")
                .containsPattern("class=\"avatar\" [^>]*src=\"" + avatar + "\"").doesNotContain("avatars/500/")
                .contains(".messages { padding: 8px 0 24px").doesNotContain("/assets/milk.css").doesNotContain("127.0.0.1")
                .contains("Removed by moderators: privacy").doesNotContain("Secret Lane")
                .contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; the last page")
                .doesNotContain("<script>").doesNotContain("<form");
        assertThat(html).as("an avatar that does not load falls back to the file beside the page")
                .contains("url(assets/avatars/1.svg)").doesNotContain("url(/assets/");
        assertThat(get("/archive/" + publicId).body()).as("the archive page links the export")
                .contains("<a href=\"/archive/" + publicId + ".zip\">Offline copy (ZIP)</a>");
    }

    /** A components-v2 message's pictures and a voice message travel in the copy too, and the page links them there. */
    @Test
    void componentsAndAVoiceMessageAreInTheCopy() throws Exception {
        CdnStandIn cdn = CdnStandIn.shared();
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        ArchiveMessage first = Archives.message(0);
        ArchiveMessage gallery = first.toBuilder().content("").flags(MessageFlags.IS_COMPONENTS_V2).components(List.of(
                MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(new ArchiveMessage.MediaItem(
                        ArchiveMessage.UnfurledMedia.of(cdn.fixture("noise-2701.png")), "the chart", null))).build()))
                .build();
        ArchiveMessage second = Archives.message(1);
        ArchiveMessage voice = second.toBuilder().content("").flags(MessageFlags.IS_VOICE_MESSAGE).attachments(List.of(
                new ArchiveMessage.Attachment("1", "voice-message.wav", "audio/wav", 12_044L, cdn.fixture("voice.wav"),
                        3.0, null))).build();
        archives.addMessages(archiveId, List.of(gallery, voice)).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId) && jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored' AND kind IN ('component_media', 'attachment')""",
                Integer.class, archiveId) == 2, "sealed and copied");

        Map<String, byte[]> entries = unzip(HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/archive/" + publicId + ".zip")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        Map<String, String> keys = new LinkedHashMap<>();
        jdbc.query("""
                SELECT kind, media_key FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND kind IN ('component_media', 'attachment')""",
                rs -> {
                    keys.put(rs.getString(1), rs.getString(2));
                }, archiveId);
        String picture = "media/" + keys.get("component_media") + ".png";
        String audio = "media/" + keys.get("attachment") + ".wav";
        assertThat(entries).containsKeys(picture, audio);
        String html = new String(entries.get("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<img loading=\"lazy\" alt=\"the chart\" src=\"" + picture + "\">")
                .contains("<audio controls preload=\"none\" src=\"" + audio + "\">");
    }

    /** Each entry of an offline export, by its name, in the order written. */
    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
