package dev.milk.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.milk.MilkEndToEndTest;

/**
 * A visitor on a slow line downloads a raid's CSV, a transcript and an offline copy that take
 * longer than the streams' limit (short here, an hour by default): each arrives whole, or its
 * connection breaks off, never as a shorter body that ends as a whole one does.
 */
// A page cache that holds back at most 1 MiB: the transcript and the copy stream as a big archive's would.
@TestPropertySource(properties = {"milk.reads.stream-timeout=3s", "milk.reads.cache.max-page-megabytes=1"})
class SlowReadersTest extends MilkEndToEndTest {

    private static final int ACCOUNTS = 100_000;
    private static final int MESSAGES = 20_000;
    /** Per message: its transcript is about 20 MB and its offline copy over 10 MB, larger than socket buffers hold. */
    private static final int HASHES = 32;
    /** Slow for twice the limit, then as fast as it comes: what was sent by then is read without a long wait. */
    private static final long SLOW = 200 * 1024;
    private static final Duration SLOW_FOR = Duration.ofSeconds(6);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSlowReaderGetsEveryByteOrABrokenConnectionNeverAShortBodyThatEndsCleanly() throws Exception {
        String raid = LargeArchives.raid(jdbc, ACCOUNTS);
        String archive = LargeArchives.archive(jdbc, MESSAGES, HASHES);
        try (ExecutorService readers = Executors.newFixedThreadPool(3)) {
            var csv = readers.submit(() -> slowly("/raid/" + raid + ".csv"));
            var transcript = readers.submit(() -> slowly("/archive/" + archive + ".txt"));
            var zip = readers.submit(() -> slowly("/archive/" + archive + ".zip"));
            assertWholeOrBroken(csv.get(), this::completeCsv);
            assertWholeOrBroken(transcript.get(), received -> completeTranscript(received.text(), MESSAGES));
            assertWholeOrBroken(zip.get(), SlowReadersTest::validZip);
        }

        String small = LargeArchives.archive(jdbc, 2_000);
        var quick = SlowReader.get(port, "/archive/" + small + ".txt", SLOW, Duration.ZERO);
        assertThat(quick.finished()).as("a reader within the limit gets the whole transcript: " + quick.failure()).isTrue();
        completeTranscript(quick.text(), 2_000);
    }

    private SlowReader.Received slowly(String path) {
        try {
            return SlowReader.get(port, path, SLOW, SLOW_FOR);
        } catch (IOException e) {
            throw new AssertionError(path, e);
        }
    }

    /** A 503 before the first byte is honest too: the stream could not be made in time, and says so. */
    private static void assertWholeOrBroken(SlowReader.Received received, Check whole) throws Exception {
        if (received.status() == 503) {
            assertThat(received.headers()).containsKey("retry-after");
            assertThat(received.text()).startsWith("503 Service Unavailable: ").hasLineCount(1);
            return;
        }
        assertThat(received.status()).isEqualTo(200);
        if (received.finished()) {
            whole.check(received);
        }
    }

    @FunctionalInterface
    private interface Check {
        void check(SlowReader.Received received) throws Exception;
    }

    private void completeCsv(SlowReader.Received received) {
        List<String> lines = received.text().lines().toList();
        assertThat(lines).as("an answer that ended cleanly holds every account").hasSize(ACCOUNTS + 1);
        assertThat(lines.getLast()).startsWith(LargeArchives.FIRST_ACCOUNT + ACCOUNTS - 1 + ",\"spam bot ");
    }

    private static void completeTranscript(String text, int messages) {
        assertThat(text).as("an answer that ended cleanly holds every message")
                .contains("message " + (messages - 1) + " about").endsWith("Exported " + messages + " message(s)\n"
                        + "==============================================================\n");
    }

    private static void validZip(SlowReader.Received received) throws IOException {
        try (var zip = new ZipInputStream(new ByteArrayInputStream(received.body()), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry).isNotNull();
            assertThat(entry.getName()).isEqualTo("index.html");
            String html = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(html).as("an answer that ended cleanly is a whole offline copy").endsWith("</main></body></html>\n");
            assertThat(html.split("<article", -1)).hasSize(MESSAGES + 1);
        }
    }
}
