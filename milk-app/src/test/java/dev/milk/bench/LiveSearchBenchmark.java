package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.BenchTest;

/**
 * Not a test (the name keeps it out of {@code ./mvnw verify}); run it alone, against a jar:
 * {@code ./mvnw -o -B verify -pl milk-app -Dtest=LiveSearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=none -Dmilk.jar=/path/to/milk.jar}. Milk's jar as a writer and a reader beside a Kafka
 * broker: a live archive of {@code bench.messages} (50,000) messages published in records of 100,
 * the ingest rate to the last one stored, then searches of it while it stays live, over HTTP, each
 * asked in other letters' case every time (the same search, never a kept answer): the median of 7.
 * Writes {@code target/bench-live-search/report.md}.
 */
@BenchTest
class LiveSearchBenchmark {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 50_000);
    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "bench-live-search").toAbsolutePath();
    private static final List<String> JVM = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
            "-XX:MaxRAM=768m");
    private static final List<String> QUERIES = List.of("message", "\"message 31234\"", "notice", "lunch -yes",
            "from:5", "mentions:4", "has:image", "has:poll", "pinned:true", "is:edited", "during:2025-11-30",
            "from:5 has:image", "\"message 1234\" from:5", "nothingmatches");

    /**
     * No media copies: the benchmark's attachments name a CDN out of reach, and the copier's
     * retries share the writer's scheduler thread with the search indexing.
     */
    private static final Map<String, String> WRITES_SETTINGS = Map.of("MALLOC_ARENA_MAX", "2", "MILK_MEDIA_COPY",
            "false");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void searchALiveArchive() throws Exception {
        BenchPlace.clean(DIR);
        String jdbcUrl = BenchPlace.freshDatabase("milk_bench_live_search");
        List<String> report = new ArrayList<>(List.of("jar: " + JAR, "", "| figure | value |", "| --- | --- |"));
        try (var broker = new KafkaBrokerProcess(Files.createDirectories(DIR.resolve("broker")), 1)) {
            broker.start();
            List<MilkProcess> started = new ArrayList<>();
            try {
                MilkProcess writes = MilkProcess.start(JAR, DIR, "writes-1", "writes", jdbcUrl,
                        broker.bootstrapServers(), JVM, WRITES_SETTINGS);
                started.add(writes);
                writes.awaitReady(Duration.ofSeconds(120));
                MilkProcess reads = MilkProcess.start(JAR, DIR, "reads-1", "reads", jdbcUrl,
                        broker.bootstrapServers(), JVM, Map.of("MALLOC_ARENA_MAX", "2"));
                started.add(reads);
                reads.awaitReady(Duration.ofSeconds(60));
                try (var bot = new BenchBot(broker.bootstrapServers())) {
                    bot.createArchive("bench-live").get(1, TimeUnit.MINUTES);
                    long start = System.nanoTime();
                    for (int from = 0; from < MESSAGES; from += 100) {
                        bot.searchMessages("bench-live", from, 100);
                    }
                    bot.flush();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    while (count(jdbcUrl, "SELECT message_count FROM archive WHERE internal_id = 'bench-live'") < MESSAGES
                            && System.nanoTime() < deadline) {
                        ChildProcesses.pause(20);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    assertThat(count(jdbcUrl, "SELECT message_count FROM archive WHERE internal_id = 'bench-live'"))
                            .isEqualTo(MESSAGES);
                    report.add(String.format("| archive ingest, %,d messages in one live archive, publish to stored "
                            + "(messages/s) | %,.0f |", MESSAGES, MESSAGES / seconds));
                    report.add(String.format("| messages in its search index at the last one stored | %,d |",
                            indexed(jdbcUrl)));
                    // A writer's round of indexing (MILK_WRITES_ARCHIVE_SEARCH_INDEX_INTERVAL, 5 s) and its chunks.
                    ChildProcesses.pause(10_000);
                    report.add(String.format("| messages in its search index 10 s later | %,d |", indexed(jdbcUrl)));
                    String archive = publicId(jdbcUrl);
                    for (String q : QUERIES) {
                        report.add(String.format("| search of the live archive, `%s`, over HTTP (ms, median of 7) "
                                + "| %.1f |", q, firstReads(reads, archive, q, 7)));
                    }
                }
            } finally {
                started.forEach(MilkProcess::stop);
            }
        } finally {
            Files.write(DIR.resolve("report.md"), report);
            report.forEach(System.out::println);
        }
    }

    /** The median of {@code times} reads of the same search, each in other letters' case ({@link CaseVariants}). */
    private double firstReads(MilkProcess reads, String archive, String q, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            URI uri = URI.create("http://127.0.0.1:" + reads.portFor("/archive") + "/archive/" + archive + ".json?q="
                    + URLEncoder.encode(CaseVariants.of(q, i), StandardCharsets.UTF_8));
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - sent) / 1e6;
            assertThat(answer.statusCode()).as(q).isEqualTo(200);
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }

    /** How many of its messages the index holds (0 when this jar keeps none for live archives). */
    private static long indexed(String jdbcUrl) throws SQLException {
        return count(jdbcUrl, """
                SELECT count(*) FROM archive_search s JOIN archive a ON a.id = s.archive_id
                WHERE a.internal_id = 'bench-live'""");
    }

    private static String publicId(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var rows = db.createStatement().executeQuery(
                        "SELECT public_id FROM archive WHERE internal_id = 'bench-live'")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl); var rows = db.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
