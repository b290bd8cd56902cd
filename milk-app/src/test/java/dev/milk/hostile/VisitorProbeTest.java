package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.CdnStandIn;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an outside probe of a running Milk found a visitor could do (issue 22), sent as raw HTTP:
 * flood the page cache with query strings, reach a 500 with a cursor, get Tomcat's own HTML
 * pages, see {@code Allow} headers disagree, make a reader's browser call a third party, and
 * forge an entry of a transcript, fill the heap with many large pages at once.
 */
// Room for one large page being made at a time: many at once must still be answered whole.
@TestPropertySource(properties = "milk.reads.cache.capture-megabytes=1")
class VisitorProbeTest extends MilkEndToEndTest {

    private static final long T0 = 1_763_899_200_000L;
    private static final String KEY = "ab".repeat(32);
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MeterRegistry meters;

    private String concludedRaid(long firstId) {
        String raidId = newRaidId();
        String publicId = publish(raidId, accounts(firstId, 3, T0, 1));
        await(client.concludeRaid(raidId, GUILD, Instant.ofEpochMilli(T0 + 60_000)));
        return publicId;
    }

    private String sealedArchive(List<ArchiveMessage> messages) throws Exception {
        String archiveId = "probe-" + System.nanoTime();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, GUILD, "1", "general", null, "2", T0, null))
                .get();
        for (int from = 0; from < messages.size(); from += 100) {
            archives.addMessages(archiveId, messages.subList(from, Math.min(messages.size(), from + 100))).get();
        }
        archives.seal(archiveId, Instant.ofEpochMilli(T0 + 600_000)).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("\"sealedAt\":\""), "the archive is sealed");
        return publicId;
    }

    private static ArchiveMessage message(int n, String content, List<ArchiveMessage.Attachment> attachments,
            List<ArchiveMessage.Embed> embeds) {
        return new ArchiveMessage(Long.toString(1_330_000_000_000_000_000L + n), Long.toString(600L + n), "author " + n,
                null, false, content, T0 + n * 1_000L, null, null, attachments, embeds, List.of());
    }

    private double pageCache(String meter, String... tags) {
        var search = meters.find(meter).tag("cache", "pages").tags(tags);
        return meter.equals("cache.size") ? search.gauge().value() : search.functionCounter().count();
    }

    /** A parameter no route reads, 7.8 KB of it, different each time: the probe's flood. */
    private static String junk(Random random) {
        return random.ints(7_800, 'a', 'z' + 1)
                .collect(() -> new StringBuilder("?x="), StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    @Test
    void randomQueryStringsGetTheKeptPageWithoutARenderOrAnEntry() {
        String raid = concludedRaid(730_000_000_000_000_000L);
        String page = RawHttp.send(port, "GET", "/raid/" + raid, Map.of()).body();
        double entries = pageCache("cache.size");
        double misses = pageCache("cache.gets", "result", "miss");
        var random = new Random(22);
        for (int i = 0; i < 500; i++) {
            RawHttp.Response answer = RawHttp.send(port, "GET", "/raid/" + raid + junk(random), Map.of());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(page);
        }
        assertThat(pageCache("cache.gets", "result", "miss")).as("no flooding request misses the kept page")
                .isEqualTo(misses);
        assertThat(pageCache("cache.size")).as("nor adds an entry").isEqualTo(entries);

        // A parameter the route reads still tells pages apart: accounts that joined after the first.
        String all = RawHttp.send(port, "GET", "/raid/" + raid + ".json", Map.of()).body();
        String later = RawHttp.send(port, "GET", "/raid/" + raid + ".json?cursor="
                + Instant.ofEpochMilli(T0).toString() + "&x=1", Map.of()).body();
        assertThat(all).contains("\"size\":3").contains("730000000000000000");
        assertThat(later).doesNotContain("\"730000000000000000\"").contains("730000000000000001");
    }

    /** Words that compress as a conversation does, not as one line repeated. */
    private static String prose(Random random, int length) {
        List<String> words = List.of("raid", "joined", "banned", "the", "server", "link", "spam", "moderator", "at",
                "account", "new", "free", "nitro", "claim", "report", "evidence", "channel", "kick", "why", "now");
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(100)).append(' ');
        }
        return text.substring(0, length);
    }

    /** The body as sent, ungzipped when it came gzipped. */
    private String fetch(String target, boolean gzip) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(60));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(target).isEqualTo(200);
        byte[] body = answer.body();
        if (answer.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent()) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A request of the probe's and the message its answer starts from (-1: the transcript, all of them). */
    private record Visit(String target, int from, boolean gzip) {
    }

    /**
     * The probe's many large pages at once, none kept yet (distinct cursors of a big archive): each
     * is answered whole whether the cache could hold it back or not, and what the cache held never
     * went over its room (1 MiB here: a JSON page is about 0.7 MB, an HTML page and the transcript
     * more than the room).
     */
    @Test
    void manyLargePagesAtOnceAreAnsweredWholeWithinTheCapturesRoom() throws Exception {
        var random = new Random(15);
        int count = 700;
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            messages.add(message(n, prose(random, 3_000), List.of(), List.of()));
        }
        String archive = sealedArchive(messages);
        List<Visit> visits = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            visits.add(new Visit("/archive/" + archive + ".json?cursor=" + messages.get(k).id(), k + 1, k % 2 == 0));
        }
        for (int k = 20; k < 26; k++) {
            visits.add(new Visit("/archive/" + archive + "?after=" + messages.get(k).id(), k + 1, k % 2 == 0));
        }
        visits.add(new Visit("/archive/" + archive + ".txt", -1, true));
        visits.add(new Visit("/archive/" + archive + ".txt", -1, false));
        double refused = meters.counter("milk.reads.cache.capture.refused").count();

        var capture = meters.find("milk.reads.cache.capture").gauge();
        var most = new AtomicLong();
        var sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                most.accumulateAndGet((long) capture.value(), Math::max);
                Thread.onSpinWait();
            }
        });
        List<String> answers = new ArrayList<>();
        try (ExecutorService visitors = Executors.newFixedThreadPool(visits.size())) {
            List<Future<String>> pending = new ArrayList<>();
            for (Visit visit : visits) {
                pending.add(visitors.submit(() -> fetch(visit.target(), visit.gzip())));
            }
            for (Future<String> answer : pending) {
                answers.add(answer.get(2, TimeUnit.MINUTES));
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }

        for (int i = 0; i < visits.size(); i++) {
            Visit visit = visits.get(i);
            String body = answers.get(i);
            // Large bodies: a failure shows their ends, not megabytes.
            String end = body.substring(Math.max(0, body.length() - 120));
            if (visit.from() < 0) {
                assertThat(body.contains(messages.getLast().content())).as("the last message in " + visit.target()).isTrue();
                assertThat(end).as(visit.target()).endsWith("\nExported " + count + " message(s)\n" + "=".repeat(62) + "\n");
            } else if (visit.target().contains(".json")) {
                var data = JSON.readTree(body).get("messages").get("data");
                assertThat(data.size()).as(visit.target()).isEqualTo(200);
                assertThat(data.get(0).get("id").asString()).isEqualTo(messages.get(visit.from()).id());
                assertThat(data.get(199).get("content").asString())
                        .isEqualTo(messages.get(visit.from() + 199).content());
            } else {
                assertThat(body.contains("id=\"m" + messages.get(visit.from()).id() + "\"")
                        && body.contains("id=\"m" + messages.get(visit.from() + 499).id() + "\""))
                        .as("the first and last messages of " + visit.target()).isTrue();
                assertThat(end.stripTrailing()).as(visit.target()).endsWith("</body></html>");
            }
            assertThat(body.equals(fetch(visit.target(), false))).as("the same answer again, " + visit.target()).isTrue();
        }
        assertThat(most.get()).as("the most the captures held, sampled").isLessThanOrEqualTo(1 << 20);
        assertThat(meters.counter("milk.reads.cache.capture.refused").count()).as("answers refused room")
                .isGreaterThan(refused);
        eventually(() -> capture.value() == 0, "every capture's room given back");
    }

    @Test
    void aCursorBeyondAnyJoinIsABadRequestNamingIt() {
        String raid = concludedRaid(731_000_000_000_000_000L);
        for (String cursor : List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z")) {
            for (String route : List.of(".json", ".html")) {
                RawHttp.Response answer = RawHttp.send(port, "GET", "/raid/" + raid + route + "?cursor=" + cursor, Map.of());
                assertThat(answer.status()).as(route + " " + cursor).isEqualTo(400);
                assertThat(answer.body()).isEqualTo("400 Bad Request: cursor is a time outside the years 1 to 9999\n");
            }
        }
    }

    /** The page cache reads a route's parameters first: Tomcat's refusal of the query must still reach the route. */
    @Test
    void aQueryStringTomcatCannotSplitIsStillABadRequest() {
        String raid = concludedRaid(733_000_000_000_000_000L);
        for (String target : List.of("/raid/" + raid + ".json?=", "/raid/" + raid + ".html?=&cursor=",
                "/archive/AAAAAAAAAAAA?=x")) {
            RawHttp.Response answer = RawHttp.send(port, "GET", target, Map.of());
            assertThat(answer.status()).as(target).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("400 Bad Request: the query string is malformed\n");
        }
    }

    @Test
    void whatTomcatRefusesIsOneLineOfTextToo() {
        String media = "/media/" + KEY + "/";
        Map<String, String> none = Map.of();
        List<RawHttp.Response> answers = new ArrayList<>();
        for (String target : List.of(media + "a%2Fb.png", media + "a%5Cb.png", media + "a\\b.png", "/raid/a%00b",
                "/archive/%00", "/raid/x?" + "a".repeat(70_000))) {
            answers.add(RawHttp.send(port, "GET", target, none));
        }
        RawHttp.Response headers = RawHttp.send(port, "GET", "/raid/x", Map.of("X-Big", "b".repeat(20_000)));
        answers.add(headers);
        for (RawHttp.Response answer : answers) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.headers().get("content-type")).startsWith("text/plain");
            assertThat(answer.body()).matches("400 Bad Request: [^\\n<]+\\n").doesNotContain("Tomcat");
        }
        assertThat(answers.getFirst().body()).contains("malformed");
        assertThat(headers.body()).isEqualTo("400 Bad Request: the address and headers are larger than Milk reads\n");
    }

    @Test
    void everyRefusedMethodIsToldTheSameAllowedOnes() {
        String raid = concludedRaid(732_000_000_000_000_000L);
        for (String route : List.of("/raid/" + raid, "/raid/" + raid + ".json", "/raid/" + raid + ".csv",
                "/raid/" + raid + ".html", "/antispam/" + raid, "/archive/AAAAAAAAAAAA", "/archive/AAAAAAAAAAAA.txt",
                "/media/" + KEY + "/a.png", "/assets/milk.css", "/openapi.json", "/asyncapi.yaml")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "PROPFIND", "TRACE")) {
                RawHttp.Response answer = RawHttp.send(port, method, route, Map.of("Content-Length", "0"));
                assertThat(answer.status()).as(method + " " + route).isEqualTo(405);
                assertThat(answer.headers().get("allow")).as(method + " " + route).isEqualTo(ALLOW);
                assertThat(answer.body()).isEqualTo("405 Method Not Allowed: Milk only reads, with " + ALLOW + "\n");
            }
            String allowed = RawHttp.send(port, "OPTIONS", route, Map.of()).headers().get("allow");
            assertThat(Set.of(allowed.split(",\\s*"))).as("OPTIONS " + route).isEqualTo(Set.of(ALLOW.split(", ")));
        }
    }

    @Test
    void mediaLinksWorkWhateverTheFileIsCalled() throws Exception {
        String photo = CdnStandIn.shared().fixture("photo.png");
        List<String> names = List.of("raid/evidence\\1;2.png", "..", "a b é?#%.png");
        List<ArchiveMessage.Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            attachments.add(new ArchiveMessage.Attachment(Integer.toString(i + 1), names.get(i), "image/png", 1_000L,
                    photo));
        }
        String archive = sealedArchive(List.of(message(0, "the evidence", attachments, List.of())));
        eventually(() -> {
            List<String> files = Jsoup.parse(get("/archive/" + archive).body()).select(".attachment a.file").eachAttr("href");
            return !files.isEmpty() && files.stream().allMatch(href -> href.startsWith("/media/"));
        }, "the copies are made");

        Document page = Jsoup.parse(get("/archive/" + archive).body());
        List<String> links = page.select(".attachment a.file").eachAttr("href");
        assertThat(links).hasSize(3).allMatch(link -> link.startsWith("/media/"));
        for (String link : links) {
            RawHttp.Response copy = RawHttp.send(port, "GET", link, Map.of());
            assertThat(copy.status()).as(link).isEqualTo(200);
            assertThat(copy.headers().get("content-type")).as(link).isEqualTo("image/png");
        }
        assertThat(RawHttp.send(port, "GET", links.getFirst(), Map.of()).headers().get("content-disposition"))
                .contains("raid_evidence_1;2.png");
    }

    @Test
    void readersLoadImagesOnlyFromMilkAndDiscordsCdn() throws Exception {
        String tracker = "https://tracker.example/";
        String cdn = "https://cdn.discordapp.com/attachments/1/2/";
        var elsewhere = new ArchiveMessage.Embed("phishing", "claim it", null, null, List.of(),
                new ArchiveMessage.EmbedAuthor("Nitro", null, tracker + "author.png"),
                new ArchiveMessage.EmbedFooter("gift", tracker + "footer.png"), null,
                new ArchiveMessage.EmbedMedia(tracker + "image.png", 1, 1),
                new ArchiveMessage.EmbedMedia(tracker + "thumbnail.png", 1, 1), null, null);
        var discord = new ArchiveMessage.Embed("raid", "graph", null, null, List.of(),
                new ArchiveMessage.EmbedAuthor("Milk Guard", null, cdn + "author.png"),
                new ArchiveMessage.EmbedFooter("raid 7", cdn + "footer.png"), null,
                new ArchiveMessage.EmbedMedia(cdn + "image.png", 1, 1),
                new ArchiveMessage.EmbedMedia(cdn + "thumbnail.png", 1, 1), null, null);
        String archive = sealedArchive(List.of(
                message(0, "free nitro", List.of(new ArchiveMessage.Attachment("1", "pixel.png", "image/png", 1L,
                        tracker + "pixel.png")), List.of(elsewhere)),
                message(1, "the raid", List.of(new ArchiveMessage.Attachment("2", "photo.png", "image/png", 1_000L,
                        CdnStandIn.shared().fixture("photo.png"))), List.of(discord))));
        eventually(() -> get("/archive/" + archive).body().contains("src=\"/media/"), "the copy is made");

        var answer = get("/archive/" + archive);
        Document page = Jsoup.parse(answer.body());
        List<String> loaded = page.select("img").eachAttr("src");
        assertThat(loaded).noneMatch(src -> src.contains("tracker.example"))
                .allMatch(src -> src.startsWith("/media/") || src.startsWith("/assets/")
                        || src.startsWith("https://cdn.discordapp.com/") || src.startsWith("https://media.discordapp.net/"))
                .contains(cdn + "author.png", cdn + "footer.png", cdn + "image.png", cdn + "thumbnail.png")
                .anyMatch(src -> src.startsWith("/media/"));
        assertThat(page.select("a").eachAttr("href")).as("what is not loaded is a link").contains(tracker + "pixel.png",
                tracker + "author.png", tracker + "footer.png", tracker + "image.png", tracker + "thumbnail.png");
        assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("img-src 'self' https://cdn.discordapp.com https://media.discordapp.net;")
                .doesNotContain("https:;").doesNotContain("https: ");
    }

    @Test
    void noContentPassesForAnotherEntryOfTheTranscript() throws Exception {
        String forged = "\n\n[2025-11-23 12:05 UTC] Moderator\nBan them all, I checked.\n\n" + "=".repeat(62)
                + "\nExported 1 message(s)\n" + "=".repeat(62);
        String archive = sealedArchive(List.of(message(0, "hi" + forged, List.of(), List.of()),
                message(1, forged.strip(), List.of(), List.of())));

        String transcript = RawHttp.send(port, "GET", "/archive/" + archive + ".txt", Map.of()).body();
        List<String> lines = transcript.lines().toList();
        assertThat(lines.stream().filter(line -> line.startsWith("["))).as("entries at the margin")
                .containsExactly("[2025-11-23 12:00 UTC] author 0", "[2025-11-23 12:00 UTC] author 1");
        assertThat(lines.stream().filter(line -> line.startsWith("Exported"))).containsExactly("Exported 2 message(s)");
        assertThat(transcript).contains("\n  [2025-11-23 12:05 UTC] Moderator\n  Ban them all, I checked.\n");
    }
}
