package dev.milk.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;

/** The page cache in front of the real application: immutable pages kept and gzipped, live ones never stale. */
class CachedPagesTest extends MilkEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();
    @Autowired
    private JdbcTemplate jdbc;

    private HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws Exception {
        return new String(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aConcludedRaidIsServedGzippedWhenAcceptedAndAsRenderedOtherwise() throws Exception {
        String raidId = newRaidId();
        String publicId = publish(raidId, accounts(420_000_000_000_000_000L, 2_000, 1_763_899_000_000L, 10));
        await(client.concludeRaid(raidId, GUILD, Instant.ofEpochMilli(1_763_899_600_000L)));
        for (String route : List.of("/raid/%s", "/raid/%s.json", "/raid/%s.html", "/raid/%s.csv")) {
            String path = route.formatted(publicId);
            var plain = bytes(path);
            var again = bytes(path);
            var zipped = bytes(path, "Accept-Encoding", "gzip");
            assertThat(plain.statusCode()).as(path).isEqualTo(200);
            assertThat(again.body()).as(path).isEqualTo(plain.body());
            assertThat(plain.headers().firstValue("Vary")).as(path).hasValueSatisfying(v -> assertThat(v).contains("Accept-Encoding"));
            assertThat(zipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            assertThat(zipped.body().length).as(path + " gzip bytes").isLessThan(plain.body().length / 5);
            assertThat(gunzip(zipped.body())).as(path).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
            assertThat(zippedTag).isNotEqualTo(etag);
            assertThat(bytes(path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
            assertThat(bytes(path, "If-None-Match", zippedTag, "Accept-Encoding", "gzip").statusCode()).isEqualTo(304);
            assertThat(plain.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    /**
     * A kept page is trusted for a moment, then one request renders it again. A streamed page (the
     * CSV) finishes that render in its async dispatch, which the early path for kept pages must let
     * through: the copy follows what the database says even with no word from the writers.
     */
    @Test
    void aStreamedKeptPageIsRenderedAgainOnceItsMomentOfTrustIsOver() throws Exception {
        String raidId = newRaidId();
        String publicId = publish(raidId, accounts(440_000_000_000_000_000L, 20, 1_763_899_000_000L, 10));
        await(client.concludeRaid(raidId, GUILD, Instant.ofEpochMilli(1_763_899_600_000L)));
        String path = "/raid/" + publicId + ".csv";
        for (int i = 0; i < 3; i++) {
            assertThat(get(path).body()).contains("\"bot7\"").doesNotContain("renamed quietly");
        }
        // Straight into the table, so no NOTIFY drops the copy: only its own revalidation can show this.
        assertThat(jdbc.update("UPDATE raid_user u SET name = 'renamed quietly' FROM raid r "
                + "WHERE r.id = u.raid_id AND r.internal_id = ? AND u.user_id = 440000000000000007", raidId)).isOne();
        eventually(() -> get(path).body().contains("renamed quietly"), "the kept CSV rendered again");
        assertThat(gunzip(bytes(path, "Accept-Encoding", "gzip").body())).contains("renamed quietly");
    }

    /**
     * A kept page large enough to be sent as a file, read again and again across its refreshes: the
     * refresh of a streamed page ends in its async dispatch, and every answer, the refresher's and
     * the next ones', carries the whole page.
     */
    @Test
    void aLargeStreamedKeptPageComesWholeBeforeDuringAndAfterItsRefresh() throws Exception {
        String raidId = newRaidId();
        String publicId = publish(raidId, accounts(450_000_000_000_000_000L, 2_000, 1_763_899_000_000L, 10));
        await(client.concludeRaid(raidId, GUILD, Instant.ofEpochMilli(1_763_899_600_000L)));
        String path = "/raid/" + publicId + ".csv";
        byte[] whole = bytes(path).body();
        assertThat(whole.length).as("a CSV worth sending as a file").isGreaterThan(100_000);
        for (int round = 0; round < 6; round++) {
            Thread.sleep(700);
            for (int read = 0; read < 4; read++) {
                var answer = bytes(path);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body().length).as("round %d, read %d", round, read).isEqualTo(whole.length);
                assertThat(answer.body()).isEqualTo(whole);
            }
        }
    }

    @Test
    void aLiveRaidIsNeverServedStale() {
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, GUILD)).publicId();
        for (int round = 1; round <= 5; round++) {
            await(client.insertUsers(raidId, GUILD, accounts(430_000_000_000_000_000L + round * 1_000L, 10,
                    1_763_899_000_000L + round * 1_000L, 1)));
            // Read at once after the reply: every account the bot was told is stored is on the page.
            assertThat(get("/raid/" + publicId + ".json").body()).contains("\"size\":" + round * 10 + "}");
            assertThat(get("/raid/" + publicId).body()).contains("Raid size: " + round * 10 + " accounts");
        }
    }

    @Test
    void aSealedArchiveTakenDownAnswersGoneOnEveryRoute() throws Exception {
        String archiveId = "archive-" + java.util.UUID.randomUUID();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, GUILD, "1", "general", "raid", "2",
                1_763_899_000_000L, null)).get();
        archives.addMessages(archiveId, List.of(new ArchiveMessage("1320000000000000001", "3", "someone", null, false,
                "hello " + "there ".repeat(300), 1_763_899_000_000L, null, null, List.of(), List.of(), List.of()))).get();
        archives.seal(archiveId, Instant.ofEpochMilli(1_763_899_100_000L)).get();
        eventually(() -> get("/archive/" + publicId).body().contains("hello there"), "the archive is readable");
        eventually(() -> "max-age=5, public".equals(get("/archive/" + publicId + ".json").headers()
                .firstValue("Cache-Control").orElse("")), "the archive is sealed");
        for (String route : List.of("", ".txt", ".json")) {
            assertThat(get("/archive/" + publicId + route).statusCode()).isEqualTo(200);
        }
        archives.delete(archiveId, "DMCA").get();
        long deletedAt = System.nanoTime();
        for (String route : List.of("", ".txt", ".json")) {
            eventually(() -> get("/archive/" + publicId + route).statusCode() == 410, route + " is gone");
        }
        assertThat((System.nanoTime() - deletedAt) / 1e9).as("seconds until 410").isLessThan(5);
    }
}
