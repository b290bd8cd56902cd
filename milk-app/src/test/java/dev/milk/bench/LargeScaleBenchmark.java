package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.BenchTest;

/**
 * Milk at its users' largest sizes (issue 28, BENCHMARKS.md): a raid of 10,000,000 accounts and an
 * archive of 1,000,000 messages, with the baselines measured in the same run (a bare COPY of the
 * same rows, a plain KafkaConsumer, PostgreSQL's own CSV of the raid, the tuned nginx on the very
 * bytes of the kept pages), and the resident memory of every process through every phase. Run by
 * {@code bench/run.sh large} (and {@code full}); never by {@code ./mvnw verify}, whose short run is
 * {@link PerformanceSuiteIT}. It fails only on a wrong count. {@code -Dmilk.bench.accounts} and
 * {@code -Dmilk.bench.messages} shrink it for a try (0: that half is left out).
 */
@BenchTest
class LargeScaleBenchmark {

    private static final int ACCOUNTS = Integer.getInteger("milk.bench.accounts", 10_000_000);
    private static final int MESSAGES = Integer.getInteger("milk.bench.messages", 1_000_000);
    /** The live archive of issue 28's search target. */
    private static final int LIVE_MESSAGES = 50_000;
    private static final int PER_RECORD = 1_000;
    private static final int MESSAGES_PER_RECORD = 100;
    private static final int RAID_PAGE = 200;
    private static final int ARCHIVE_HTML_PAGE = 500;
    private static final int ARCHIVE_JSON_PAGE = 200;
    private static final long RAID_BASE = 1_200_000_000_000_000_000L;
    private static final Duration LOAD = Duration.ofSeconds(5);
    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "bench-large").toAbsolutePath();
    /**
     * Discord's operators on {@link BenchBot#searchMessages} from 2025-11-23: the live archive's a
     * minute apart (35 days), the large one's a second apart (12 days: Milk refuses messages from
     * the future).
     */
    private static final List<String> OPERATORS = List.of("from:5", "from:\"member 2\"", "mentions:4", "has:link",
            "has:embed", "has:file", "has:image", "has:video", "has:sound", "has:sticker", "has:poll",
            "before:2025-11-24", "during:2025-11-30", "pinned:true", "is:edited", "from:5 has:image",
            "\"message 1234\" from:5", "message has:poll -lunch", "from:3 pinned:true is:edited");

    private final BenchHttp http = new BenchHttp();
    private final Report report = new Report();

    @Test
    void atTheUsersSizes() throws Exception {
        assumeTrue(Files.isExecutable(Nginx.BINARY) && Files.isExecutable(Wrk.BINARY),
                "nginx and wrk are not installed (apt-get install nginx-light wrk; bench/run.sh does)");
        BenchPlace.clean(DIR);
        String jdbcUrl = BenchPlace.freshDatabase("milk_bench_large");
        BenchMilk image = BenchMilk.extract(JAR, DIR);
        try (var broker = new KafkaBrokerProcess(Files.createDirectories(DIR.resolve("broker")), 1)) {
            broker.start();
            // Copies are measured by MediaMemoryIT; here the search messages' CDN links would only fail.
            MilkProcess writes = image.start("writes", "writes", BenchMilk.WRITES_MEMORY, jdbcUrl, broker,
                    Map.of("MILK_MEDIA_COPY", "false"));
            MilkProcess reads = null;
            try (var rss = new RssSampler()) {
                writes.awaitReady(Duration.ofMinutes(2));
                reads = image.start("reads", "reads", BenchMilk.READS_MEMORY, jdbcUrl, broker, Map.of());
                reads.awaitReady(Duration.ofMinutes(1));
                rss.watch("writes", writes.pid()).watch("reads", reads.pid()).watch("broker", broker.pid()).start();
                try (var bot = new BenchBot(broker.bootstrapServers())) {
                    if (ACCOUNTS > 0) {
                        raid(bot, broker, jdbcUrl, reads, rss);
                    }
                    if (MESSAGES > 0) {
                        archive(bot, jdbcUrl, reads, rss);
                    }
                }
                rss.phase("end");
                report.row("writes peak RSS, every phase (MiB)", rss.peak("writes"), "", "", "<= 384");
                report.row("reads peak RSS, every phase (MiB)", rss.peak("reads"), "", "", "<= 256");
                report.table("Peak resident memory of each process by phase (MiB, VmRSS every 100 ms):", rss.table());
            } finally {
                writes.stop();
                if (reads != null) {
                    reads.stop();
                }
            }
        } finally {
            report.write(DIR.resolve("report.md"), String.format("large run (%,d accounts, %,d messages)", ACCOUNTS,
                    MESSAGES));
        }
    }

    private void raid(BenchBot bot, KafkaBrokerProcess broker, String jdbcUrl, MilkProcess reads, RssSampler rss)
            throws Exception {
        rss.phase("bare COPY (baseline)");
        double copy = Baselines.bareCopy(jdbcUrl, DIR, ACCOUNTS, 1);

        rss.phase(String.format("raid ingest, %,d accounts", ACCOUNTS));
        long start = System.nanoTime();
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (int from = 0; from < ACCOUNTS; from += PER_RECORD) {
            replies.add(bot.accounts("bench-huge", RAID_BASE, from, PER_RECORD));
        }
        bot.flush();
        long last = CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(done -> replies.stream().mapToLong(CompletableFuture::join).max().orElseThrow())
                .get(30, TimeUnit.MINUTES);
        double seconds = (last - start) / 1e9;
        assertThat(BenchDb.accountsStored(jdbcUrl, "bench-huge")).isEqualTo(ACCOUNTS);
        report.row(String.format("raid ingest of %,d accounts, publish to last commit (accounts/s)", ACCOUNTS),
                ACCOUNTS / seconds, copy, ACCOUNTS / seconds / copy, ">= 0.6 x bare COPY");
        report.row(String.format("raid ingest of %,d accounts (s)", ACCOUNTS), seconds, ACCOUNTS / copy,
                seconds / (ACCOUNTS / copy), "");
        double drain = Baselines.kafkaDrain(broker, PER_RECORD);
        report.row("the same ingest against a plain KafkaConsumer draining the topic (accounts/s)", ACCOUNTS / seconds,
                drain, ACCOUNTS / seconds / drain, "");

        rss.phase("raid pages, live");
        String raid = BenchDb.publicId(jdbcUrl, "raid", "bench-huge");
        int pages = ACCOUNTS / RAID_PAGE;
        String lastPage = "/raid/" + raid + ".json?cursor=" + cursorAfter(ACCOUNTS - RAID_PAGE - 1);
        var lastAnswer = http.get(reads, lastPage, Map.of()).body();
        assertThat(lastAnswer).as("the last page holds the last accounts and no next")
                .contains("\"" + (RAID_BASE + ACCOUNTS - 1) + "\"").doesNotContain("\"next\":\"");
        double first = http.medianMillis(reads, "/raid/" + raid + ".json", 31);
        double deep = http.medianMillis(reads, lastPage, 31);
        report.row(String.format("raid JSON page %,d (the last) against page 1, live (ms)", pages), deep, first,
                deep / first, "<= 1.2");
        double middle = http.medianMillis(reads, "/raid/" + raid + ".json?cursor=" + cursorAfter(ACCOUNTS / 2 - 1), 31);
        report.row(String.format("raid JSON page %,d against page 1, live (ms)", pages / 2 + 1), middle, first,
                middle / first, "<= 1.2");
        double text = http.timeMillis(reads, "/raid/" + raid);
        report.row("raid text (2,000 accounts and the count), first read, live (ms)", text,
                http.medianMillis(reads, "/raid/" + raid, 15), "", "");

        bot.conclude("bench-huge", 1_763_899_600_000L).get(1, TimeUnit.MINUTES);
        rss.phase(String.format("raid CSV, %,d accounts", ACCOUNTS));
        var csv = http.stream(reads, "/raid/" + raid + ".csv");
        assertThat(csv.status()).isEqualTo(200);
        double postgres = postgresCsv(jdbcUrl, raid);
        report.row(String.format("raid CSV of %,d accounts streamed, %,d bytes (MB/s)", ACCOUNTS, csv.bytes()),
                csv.megabytesPerSecond(), postgres, csv.megabytesPerSecond() / postgres,
                "bounded memory; baseline: PostgreSQL's COPY TO of the rows");
        report.row("raid CSV, time to the first byte (ms)", csv.firstByteMillis(), "", "", "");

        rss.phase("raid page charts");
        String html = "/raid/" + raid + ".html";
        long asked = System.nanoTime();
        double firstHtml = http.timeMillis(reads, html);
        while (http.get(reads, html, Map.of()).body().contains("are being drawn")
                && System.nanoTime() - asked < TimeUnit.MINUTES.toNanos(10)) {
            ChildProcesses.pause(200);
        }
        double drawn = (System.nanoTime() - asked) / 1e9;
        // Drawn in the background, however long it takes: a figure to report, not a count to fail on.
        boolean done = !http.get(reads, html, Map.of()).body().contains("are being drawn");
        report.row(String.format("raid page of %,d accounts, first read while its charts are drawn (ms)", ACCOUNTS),
                firstHtml, http.medianMillis(reads, html, 15), "", "");
        report.row(String.format("raid page of %,d accounts: charts and patterns drawn after (s)%s", ACCOUNTS,
                done ? "" : ", still drawing when the benchmark went on"), drawn, "", "", "");

        rss.phase("raid kept pages under wrk");
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/raid/{id} text", "/raid/" + raid);
        routes.put("/raid/{id}.json page 1", "/raid/" + raid + ".json");
        routes.put(String.format("/raid/{id}.json page %,d", pages), lastPage);
        if (done) {
            routes.put("/raid/{id}.html page 1", html);
        }
        against(reads, routes);
    }

    private void archive(BenchBot bot, String jdbcUrl, MilkProcess reads, RssSampler rss) throws Exception {
        rss.phase(String.format("archive ingest, %,d + %,d messages", LIVE_MESSAGES, MESSAGES));
        fill(bot, jdbcUrl, "bench-live", LIVE_MESSAGES, 60_000);
        double rate = fill(bot, jdbcUrl, "bench-archive-huge", MESSAGES, 1_000);
        report.row(String.format("archive ingest, %,d messages, publish to stored (messages/s)", MESSAGES), rate, "", "",
                "");

        rss.phase("archive searches, live");
        String live = BenchDb.publicId(jdbcUrl, "archive", "bench-live");
        List<String> words = List.of("\"message 43210\"", "ask", "example");
        for (String q : concat(words, OPERATORS)) {
            report.row(String.format("search of a live %,d-message archive, `%s`, uncached, over HTTP (ms)",
                    LIVE_MESSAGES, q), Searches.firstReads(http, reads, live, q, 5), "", "", "<= 100");
        }
        String huge = BenchDb.publicId(jdbcUrl, "archive", "bench-archive-huge");
        for (String q : List.of("\"message 654321\"", "from:5 has:image", "has:poll")) {
            long sent = System.nanoTime();
            int status = http.get(reads, Searches.path(huge, q), Map.of()).statusCode();
            report.row(String.format("search of the live %,d-message archive, `%s`, over HTTP (ms; answered %d)",
                    MESSAGES, q, status), (System.nanoTime() - sent) / 1e6, "", "", "");
        }

        rss.phase("archive pages");
        String lastHtml = "/archive/" + huge + "?after=" + BenchBot.searchMessageId(MESSAGES - ARCHIVE_HTML_PAGE - 1);
        String lastJson = "/archive/" + huge + ".json?cursor=" + BenchBot.searchMessageId(MESSAGES - ARCHIVE_JSON_PAGE - 1);
        assertThat(http.get(reads, lastJson, Map.of()).body()).as("the last JSON page ends the archive")
                .contains("\"" + BenchBot.searchMessageId(MESSAGES - 1) + "\"").doesNotContain("\"next\":\"");
        pagesAgainstFirst(reads, "/archive/" + huge, lastHtml, "archive page", MESSAGES / ARCHIVE_HTML_PAGE, "live");
        pagesAgainstFirst(reads, "/archive/" + huge + ".json", lastJson, "archive JSON page",
                MESSAGES / ARCHIVE_JSON_PAGE, "live");

        bot.seal("bench-archive-huge");
        bot.flush();
        long sealing = System.nanoTime();
        awaitCount(jdbcUrl, "SELECT count(*) FROM archive WHERE internal_id = 'bench-archive-huge' AND sealed_at IS NOT NULL",
                1, Duration.ofMinutes(2));
        double afterSeal = http.timeMillis(reads, "/archive/" + huge);
        double second = http.timeMillis(reads, "/archive/" + huge);
        report.row(String.format("first read after the seal, archive page 1 (ms; the second: %.1f)", second),
                afterSeal, http.medianMillis(reads, "/archive/" + huge, 15), "", "");
        pagesAgainstFirst(reads, "/archive/" + huge, lastHtml, "archive page", MESSAGES / ARCHIVE_HTML_PAGE, "sealed");

        rss.phase("archive search index");
        awaitCount(jdbcUrl, "SELECT count(*) FROM archive WHERE internal_id = 'bench-archive-huge' "
                + "AND search_indexed_at IS NOT NULL", 1, Duration.ofMinutes(15));
        report.row(String.format("search indexing of %,d messages, sealed to indexed (s)", MESSAGES),
                (System.nanoTime() - sealing) / 1e9, "", "", "");
        rss.phase("archive searches, sealed");
        for (String q : concat(List.of("\"message 654321\"", "ask", "example"), OPERATORS)) {
            report.row(String.format("search of the sealed %,d-message archive, `%s`, over HTTP (ms)", MESSAGES, q),
                    Searches.firstReads(http, reads, huge, q, 5), "", "", "< 20");
        }

        for (String export : List.of(".zip", ".txt", ".dce.json")) {
            rss.phase("archive " + export + " streamed");
            var streamed = http.stream(reads, "/archive/" + huge + export);
            assertThat(streamed.status()).as(export).isEqualTo(200);
            report.row(String.format("archive %s of %,d messages streamed, %,d bytes (MB/s; first byte after %.0f ms)",
                    export, MESSAGES, streamed.bytes(), streamed.firstByteMillis()), streamed.megabytesPerSecond(), "",
                    "", "bounded memory");
        }

        rss.phase("archive kept pages under wrk");
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/archive/{id} page 1", "/archive/" + huge);
        routes.put(String.format("/archive/{id} page %,d", MESSAGES / ARCHIVE_HTML_PAGE), lastHtml);
        routes.put("/archive/{id}.json page 1", "/archive/" + huge + ".json");
        against(reads, routes);
    }

    /** An archive created, filled in records of 100 messages: published to the last one stored, messages a second. */
    private double fill(BenchBot bot, String jdbcUrl, String archiveId, int messages, long spacingMillis)
            throws Exception {
        bot.createArchive(archiveId).get(1, TimeUnit.MINUTES);
        long start = System.nanoTime();
        for (int from = 0; from < messages; from += MESSAGES_PER_RECORD) {
            bot.searchMessages(archiveId, from, MESSAGES_PER_RECORD, spacingMillis);
        }
        bot.flush();
        // The last record's messages land last on the archive's partition: when they are there, all are.
        String lastStored = "SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id "
                + "WHERE a.internal_id = '" + archiveId + "' AND m.message_id = " + BenchBot.searchMessageId(messages - 1);
        awaitCount(jdbcUrl, lastStored, 1, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(BenchDb.countOf(jdbcUrl, "SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id "
                + "WHERE a.internal_id = '" + archiveId + "'")).as(archiveId + " messages").isEqualTo(messages);
        return messages / seconds;
    }

    private void pagesAgainstFirst(MilkProcess reads, String first, String last, String what, int pages, String state)
            throws Exception {
        double page1 = http.medianMillis(reads, first, 15);
        double pageN = http.medianMillis(reads, last, 15);
        report.row(String.format("%s %,d (the last) against page 1, %s (ms)", what, pages, state), pageN, page1,
                pageN / page1, "<= 1.2");
    }

    private void against(MilkProcess reads, Map<String, String> routes) throws Exception {
        for (var compared : AgainstNginx.run(http, reads, DIR, routes, LOAD)) {
            report.row(String.format("%s, kept, %,d bytes (req/s)", compared.route(), compared.bytes()),
                    compared.milk().requestsPerSecond(), compared.nginx().requestsPerSecond(), compared.ratio(),
                    ">= 0.5 x tuned nginx");
        }
    }

    /** Milk's cursor naming the account numbered {@code index} ({@link BenchBot#accountsValue}'s join times). */
    private static String cursorAfter(int index) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.ofEpochMilli(1_763_899_000_000L + index / 100));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + (RAID_BASE + index)).getBytes(StandardCharsets.US_ASCII));
    }

    /** PostgreSQL writing the raid's rows as CSV by itself, MB a second: what a stream of them can reach. */
    private static double postgresCsv(String jdbcUrl, String raid) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            var counted = new java.io.OutputStream() {
                long bytes;

                @Override
                public void write(int b) {
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes += len;
                }
            };
            long start = System.nanoTime();
            db.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT u.user_id, u.name, u.avatar_hash, "
                    + "u.created_at, u.joined_at FROM raid_user u JOIN raid r ON r.id = u.raid_id WHERE r.public_id = '"
                    + raid + "' ORDER BY u.joined_at, u.user_id) TO STDOUT (FORMAT csv)", counted);
            return counted.bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void awaitCount(String jdbcUrl, String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (BenchDb.countOf(jdbcUrl, sql) < expected) {
            assertThat(System.nanoTime()).as("waited for: " + sql).isLessThan(deadline);
            ChildProcesses.pause(100);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
