package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.BenchTest;
import dev.milk.testing.TimeScale;

/**
 * Milk's performance against baselines taken in the same run (BENCHMARKS.md): a Kafka broker and
 * Milk's jar in roles {@code writes} and {@code reads}, each its own process with the image's JVM
 * settings; the machine's PostgreSQL; nginx and wrk from Debian's packages. Prints one table to
 * {@code target/bench/report.md}. {@code -Dmilk.bench=full} (bench/run.sh) runs the full sizes
 * (1,000,000 accounts, 200,000 messages); the short run, part of {@code ./mvnw verify}, fails only
 * when a count is wrong, never on a time.
 */
@BenchTest
class PerformanceSuiteIT {

    private static final boolean FULL = "full".equals(System.getProperty("milk.bench"));
    private static final int ACCOUNTS = FULL ? 1_000_000 : 100_000;
    private static final int PER_RECORD = 1_000;
    private static final int SMALL_RAIDS = 100;
    private static final int SMALL_RAID_RECORDS = FULL ? 50 : 10;
    private static final int ARCHIVES = FULL ? 20 : 10;
    private static final int MESSAGES_PER_ARCHIVE = FULL ? 10_000 : 2_000;
    private static final Duration LOAD = Duration.ofSeconds(FULL ? 10 : 3);
    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "bench").toAbsolutePath();
    /**
     * As the image starts Milk (Dockerfile) in a container of the stack file's memory limit: the
     * limit as the machine's memory, and the collector the JVM picks itself under 1,792 MiB.
     */
    private static final List<String> IMAGE_JVM = List.of("-XX:+ExitOnOutOfMemoryError", "-Xms32m", "-XX:+UseSerialGC");
    /** The stack file's memory limits (docker-compose.example.yml). */
    private static final String WRITES_MEMORY = "768m";
    private static final String READS_MEMORY = "768m";
    private static final Pattern SIZE = Pattern.compile("\"size\":(\\d+)");
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Report report = new Report();

    @Test
    void milkAgainstItsBaselines() throws Exception {
        assumeTrue(Files.isExecutable(Nginx.BINARY) && Files.isExecutable(Wrk.BINARY),
                "nginx and wrk are not installed (apt-get install nginx-light wrk; .ci/run does)");
        BenchPlace.clean(DIR);
        String jdbcUrl = BenchPlace.freshDatabase("milk_bench");
        Path app = extractWithAotCache();
        try (var broker = new KafkaBrokerProcess(Files.createDirectories(DIR.resolve("broker")), 1)) {
            broker.start();
            List<String> aot = List.of("-XX:AOTCache=" + app.resolve("milk.aot"));
            List<MilkProcess> started = new ArrayList<>();
            try {
                MilkProcess writes = milk(app, "writes-1", "writes", WRITES_MEMORY, aot, jdbcUrl, broker);
                started.add(writes);
                writes.awaitReady(Duration.ofSeconds(120));
                MilkProcess reads = milk(app, "reads-1", "reads", READS_MEMORY, aot, jdbcUrl, broker);
                started.add(reads);
                reads.awaitReady(Duration.ofSeconds(60));
                MilkProcess reads2 = milk(app, "reads-2", "reads", READS_MEMORY, aot, jdbcUrl, broker);
                started.add(reads2);
                reads2.awaitReady(Duration.ofSeconds(60));
                try (var bot = new BenchBot(broker.bootstrapServers())) {
                    run(bot, broker, jdbcUrl, writes, reads, reads2);
                }
                // Starts measured on a quiet machine, as a rolling update starts a replica.
                reads2.stop();
                writes.stop();
                MilkProcess restartedReads = milk(app, "reads-3", "reads", READS_MEMORY, aot, jdbcUrl, broker);
                started.add(restartedReads);
                report.row("reads ready, from exec (s)", seconds(restartedReads.awaitReady(Duration.ofSeconds(60))),
                        "", "", "<= 3");
                MilkProcess restarted = milk(app, "writes-2", "writes", WRITES_MEMORY, aot, jdbcUrl, broker);
                started.add(restarted);
                report.row("writes ready, from exec (s)", seconds(restarted.awaitReady(Duration.ofSeconds(120))), "",
                        "", "<= 3");
            } finally {
                started.forEach(MilkProcess::stop);
            }
        } finally {
            report.write(DIR.resolve("report.md"), FULL, ACCOUNTS);
        }
    }

    private void run(BenchBot bot, KafkaBrokerProcess broker, String jdbcUrl, MilkProcess writes, MilkProcess reads,
            MilkProcess reads2) throws Exception {
        String warm = raid(bot, jdbcUrl, "bench-warm", 2_000, true);
        for (String route : List.of("/raid/%s", "/raid/%s.json", "/raid/%s.html")) {
            for (int i = 0; i < 300; i++) {
                get(reads, route.formatted(warm), Map.of());
            }
        }

        // Ingest: one big raid, as fast as the bot can publish, to the last reply (sent after commit).
        double copy = copyBaseline(jdbcUrl);
        CpuShares cpu = cpu(broker, writes, reads, reads2).start();
        long start = System.nanoTime();
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (int from = 0; from < ACCOUNTS; from += PER_RECORD) {
            replies.add(bot.accounts("bench-big", 1_200_000_000_000_000_000L, from, PER_RECORD));
        }
        bot.flush();
        long last = CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(done -> replies.stream().mapToLong(CompletableFuture::join).max().orElseThrow())
                .get(10, TimeUnit.MINUTES);
        double ingest = ACCOUNTS / ((last - start) / 1e9);
        String ingestCpu = cpu.stop();
        assertThat(accountsStored(jdbcUrl, "bench-big")).isEqualTo(ACCOUNTS);
        report.row("ingest, publish to last commit (accounts/s)", ingest, copy, ingest / copy, ">= 0.5 x bare COPY");
        report.row(String.format("ingest of %,d accounts (s)", ACCOUNTS), (last - start) / 1e9, "", "",
                FULL ? "< 5" : "");
        double drain = kafkaDrainBaseline(broker);
        report.row("ingest against a plain KafkaConsumer draining the topic", ingest, drain, ingest / drain, "");
        report.note("CPU during the ingest: " + ingestCpu);
        report.row("writes peak RSS while ingesting (MiB)", writes.peakRssMiB(), "", "", "<= 384");

        // The first reads of a raid that just grew, against the same reads once warm.
        String big = publicId(jdbcUrl, "raid", "bench-big");
        for (String route : List.of("/raid/%s", "/raid/%s.json", "/raid/%s.html")) {
            String path = route.formatted(big);
            double first = timeMillis(reads, path);
            double second = timeMillis(reads, path);
            double steady = medianMillis(reads, path, 30);
            report.row(String.format("first read after ingest, %s (ms; the second: %.1f)", route.formatted("{id}"),
                    second), first, steady, first / steady, "<= 1.2 x steady");
        }

        // Keyset paging: every account once, the last page as fast as the first.
        String lastCursor = walkPages(reads, big);
        double page1 = medianMillis(reads, "/raid/" + big + ".json", 50);
        double pageN = medianMillis(reads, "/raid/" + big + ".json?cursor=" + lastCursor, 50);
        report.row(String.format("page %,d against page 1 (ms)", ACCOUNTS / 200), pageN, page1, pageN / page1,
                "<= 1.2");
        bot.conclude("bench-big", 1_763_899_600_000L).get(1, TimeUnit.MINUTES);

        // The raid page's charts and patterns: aggregates over every account, drawn in the
        // background by a replica that never drew them (the page answers meanwhile without them,
        // and is not kept), then kept with the page.
        String bigPage = "/raid/" + big + ".html";
        long asked = System.nanoTime();
        double first = timeMillis(reads2, bigPage);
        while (get(reads2, bigPage, Map.of()).body().contains("are being drawn")
                && System.nanoTime() - asked < TimeUnit.MINUTES.toNanos(5)) {
            ChildProcesses.pause(100);
        }
        double drawnAfter = (System.nanoTime() - asked) / 1e6;
        double kept = medianMillis(reads2, bigPage, 30);
        report.row(String.format("raid page of %,d accounts, first read while its charts are drawn, against kept (ms)",
                ACCOUNTS), first, kept, first / kept, "");
        report.row(String.format("raid page of %,d accounts: charts and patterns drawn after (ms)", ACCOUNTS),
                drawnAfter, "", "", "");

        CpuShares freshnessCpu = cpu(broker, writes, reads, reads2).start();
        Map<String, Double> batchesBefore = writerBatches(writes);
        freshness(bot, jdbcUrl, reads2, ingest / 2);
        report.note("CPU during the 100 raids: " + freshnessCpu.stop());
        report.note("the writer during the 100 raids: " + batches(batchesBefore, writerBatches(writes)));
        archives(bot, jdbcUrl);
        search(jdbcUrl, reads);
        searchOperators(bot, jdbcUrl, reads);
        pages(jdbcUrl, reads, warm, big);
        takedown(bot, jdbcUrl, reads, reads2);
        report.row("reads peak RSS under load (MiB)", reads.peakRssMiB(), "", "", "<= 256");
    }

    /** Many small raids at once, published at {@code rate} accounts a second: publish to readable over HTTP. */
    private void freshness(BenchBot bot, String jdbcUrl, MilkProcess reads, double rate) throws Exception {
        int perRecord = 100;
        List<String> raids = new ArrayList<>();
        for (int i = 0; i < SMALL_RAIDS; i++) {
            raids.add("bench-small-" + i);
        }
        // Readers poll three of the raids every 50 ms (more would load the machine they measure);
        // each record's publish time waits in its raid's queue.
        List<ConcurrentLinkedQueue<long[]>> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            published.add(new ConcurrentLinkedQueue<>());
        }
        List<Double> visible = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            int raid = i;
            pollers.add(Thread.ofVirtual().start(() -> poll(reads, jdbcUrl, raids.get(raid), published.get(raid),
                    visible, done)));
        }
        List<String> values = new ArrayList<>();
        for (int record = 0; record < SMALL_RAID_RECORDS; record++) {
            for (int raid = 0; raid < SMALL_RAIDS; raid++) {
                values.add(BenchBot.accountsValue(raids.get(raid), 1_100_000_000_000_000_000L + raid * 10_000_000L,
                        record * perRecord, perRecord));
            }
        }
        long pauseNanos = (long) (perRecord / rate * 1e9);
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        long start = System.nanoTime();
        int sent = 0;
        for (int record = 0; record < SMALL_RAID_RECORDS; record++) {
            for (int raid = 0; raid < SMALL_RAIDS; raid++) {
                // Parked, not spinning: on two cores a spinning sender would starve what it measures.
                LockSupport.parkNanos(start + sent++ * pauseNanos - System.nanoTime());
                long at = System.nanoTime();
                var reply = bot.accounts(values.get(sent - 1));
                replies.add(reply.thenApply(t -> {
                    answered.add((t - at) / 1e6);
                    return t;
                }));
                if (raid < published.size()) {
                    published.get(raid).add(new long[] {(record + 1L) * perRecord, at});
                }
            }
            bot.flush();
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        ChildProcesses.pause(1_500);
        done.set(true);
        for (Thread poller : pollers) {
            poller.join();
        }
        for (String raid : raids) {
            assertThat(accountsStored(jdbcUrl, raid)).as(raid).isEqualTo((long) SMALL_RAID_RECORDS * perRecord);
        }
        assertThat(visible).hasSize(published.size() * SMALL_RAID_RECORDS);
        report.row(String.format("%d raids at once, publish to reply, p99 (ms), at %,.0f accounts/s", SMALL_RAIDS, rate),
                percentile(answered, 99), "", "", "");
        report.row("publish to readable over HTTP, p99 (ms), same load", percentile(visible, 99), "", "", "<= 1000");
    }

    private void poll(MilkProcess reads, String jdbcUrl, String raidId, ConcurrentLinkedQueue<long[]> published,
            List<Double> visible, java.util.concurrent.atomic.AtomicBoolean done) {
        String publicId = null;
        while (!done.get() || !published.isEmpty()) {
            try {
                if (publicId == null) {
                    publicId = publicIdOrNull(jdbcUrl, "raid", raidId);
                }
                long size = 0;
                if (publicId != null) {
                    var response = get(reads, "/raid/" + publicId + ".json", Map.of());
                    Matcher matcher = SIZE.matcher(response.body());
                    size = response.statusCode() == 200 && matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
                }
                long now = System.nanoTime();
                for (long[] record = published.peek(); record != null && record[0] <= size; record = published.peek()) {
                    published.poll();
                    visible.add((now - record[1]) / 1e6);
                }
                if (done.get() && publicId != null && !published.isEmpty() && size < published.peek()[0]) {
                    ChildProcesses.pause(100);
                }
                ChildProcesses.pause(50);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Archives created, filled in records of 100 messages and sealed: published to the last one sealed. */
    private void archives(BenchBot bot, String jdbcUrl) throws Exception {
        List<CompletableFuture<Long>> created = new ArrayList<>();
        for (int a = 0; a < ARCHIVES; a++) {
            created.add(bot.createArchive("bench-archive-" + a));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        long start = System.nanoTime();
        for (int from = 0; from < MESSAGES_PER_ARCHIVE; from += 100) {
            for (int a = 0; a < ARCHIVES; a++) {
                bot.messages("bench-archive-" + a, from, 100);
            }
        }
        for (int a = 0; a < ARCHIVES; a++) {
            bot.seal("bench-archive-" + a);
        }
        bot.flush();
        long messages = (long) ARCHIVES * MESSAGES_PER_ARCHIVE;
        Instant deadline = Instant.now().plus(TimeScale.of(Duration.ofMinutes(5)));
        while (sealedMessages(jdbcUrl) < messages && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(sealedMessages(jdbcUrl)).isEqualTo(messages);
        report.row(String.format("archive ingest, %,d messages, publish to sealed (messages/s)", messages),
                messages / seconds, "", "", "");
    }

    /**
     * Search in sealed archives once the writers indexed them: distinct phrases (no cache can
     * answer), over HTTP, against the same matching by reading every message of the archive (what
     * a live archive's search does), straight from PostgreSQL.
     */
    private void search(String jdbcUrl, MilkProcess reads) throws Exception {
        if (!searchable(jdbcUrl)) {
            report.note("search not measured: this Milk (-Dmilk.jar) has no search");
            return;
        }
        long start = System.nanoTime();
        Instant deadline = Instant.now().plus(TimeScale.of(Duration.ofMinutes(2)));
        while (!allIndexed(jdbcUrl) && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(50);
        }
        assertThat(allIndexed(jdbcUrl)).as("every sealed archive indexed for search").isTrue();
        report.row(String.format("search indexing of %,d messages, sealed to indexed (s)",
                (long) ARCHIVES * MESSAGES_PER_ARCHIVE), (System.nanoTime() - start) / 1e9, "", "", "");

        String archive = publicId(jdbcUrl, "archive", "bench-archive-0");
        int times = 21;
        double[] milk = new double[times];
        double[] scan = new double[times];
        try (Connection db = DriverManager.getConnection(jdbcUrl); var query = db.prepareStatement("""
                SELECT message_id FROM archive_message m JOIN archive a ON a.id = m.archive_id,
                     websearch_to_tsquery('simple', ?) AS q
                WHERE a.internal_id = 'bench-archive-0' AND m.redaction_id IS NULL
                  AND milk_search_document(m.content, m.author_name, m.attachments, m.embeds) @@ q
                ORDER BY message_id LIMIT 51""")) {
            for (int i = 0; i < times; i++) {
                String phrase = "\"code " + (i * 37 % MESSAGES_PER_ARCHIVE) + "\"";
                long sent = System.nanoTime();
                var answer = get(reads, "/archive/" + archive + ".json?q=" + java.net.URLEncoder.encode(phrase,
                        java.nio.charset.StandardCharsets.UTF_8), Map.of());
                milk[i] = (System.nanoTime() - sent) / 1e6;
                assertThat(answer.body()).as(phrase).contains("\"size\":1,");
                long read = System.nanoTime();
                query.setString(1, phrase);
                try (var rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                }
                scan[i] = (System.nanoTime() - read) / 1e6;
            }
        }
        Arrays.sort(milk);
        Arrays.sort(scan);
        report.row(String.format("search of a sealed %,d-message archive, a phrase, indexed, over HTTP (ms)",
                MESSAGES_PER_ARCHIVE), milk[times / 2], scan[times / 2], milk[times / 2] / scan[times / 2],
                "<= 0.5 x reading every message");
    }

    /**
     * Discord's search operators, each alone and some combined, on one archive of 20,000 messages
     * ({@link BenchBot#searchMessages}): over HTTP while it is live (its messages read one by one,
     * the baseline), then sealed and indexed. A first page of results (up to 50 messages, whole),
     * never a kept answer.
     */
    private void searchOperators(BenchBot bot, String jdbcUrl, MilkProcess reads) throws Exception {
        if (!operatorsSearchable(jdbcUrl)) {
            report.note("search operators not measured: this Milk (-Dmilk.jar) has none");
            return;
        }
        String archiveId = "bench-search";
        int size = 20_000;
        bot.createArchive(archiveId).get(1, TimeUnit.MINUTES);
        for (int from = 0; from < size; from += 100) {
            bot.searchMessages(archiveId, from, 100);
        }
        bot.redact(archiveId, IntStream.range(5_000, 5_020).mapToObj(BenchBot::searchMessageId).toList());
        bot.flush();
        String archive = publicId(jdbcUrl, "archive", archiveId);
        Instant deadline = Instant.now().plus(TimeScale.of(Duration.ofMinutes(2)));
        while (countOf(jdbcUrl, "SELECT count(*) FROM archive_message m JOIN archive a ON a.id = m.archive_id "
                + "WHERE a.internal_id = 'bench-search' AND m.redaction_id IS NOT NULL") < 20
                && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(50);
        }
        List<String> queries = List.of("from:5", "from:\"member 2\"", "mentions:4", "has:link", "has:embed", "has:file",
                "has:image", "has:video", "has:sound", "has:sticker", "has:poll", "before:2025-11-24",
                "after:2025-12-06", "during:2025-11-30", "pinned:true", "is:edited", "is:removed",
                "from:5 has:image", "from:\"member 2\" has:link after:2025-12-01", "\"message 1234\" from:5",
                "message has:poll -lunch", "from:3 pinned:true is:edited");
        Map<String, Double> live = new java.util.LinkedHashMap<>();
        for (String q : queries) {
            live.put(q, firstReads(reads, archive, q, 5));
        }
        bot.seal(archiveId);
        bot.flush();
        deadline = Instant.now().plus(TimeScale.of(Duration.ofMinutes(2)));
        while (countOf(jdbcUrl, "SELECT count(*) FROM archive WHERE internal_id = 'bench-search' "
                + "AND search_indexed_at IS NOT NULL") == 0 && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(50);
        }
        assertThat(countOf(jdbcUrl, "SELECT count(*) FROM archive_search s JOIN archive a ON a.id = s.archive_id "
                + "WHERE a.internal_id = 'bench-search'")).as("the search archive indexed").isEqualTo(size);
        for (String q : queries) {
            double sealed = firstReads(reads, archive, q, 15);
            report.row(String.format("operator search of a sealed %,d-message archive, `%s`, over HTTP (ms)", size, q),
                    sealed, live.get(q), sealed / live.get(q), "< 20");
        }
    }

    /**
     * The median of {@code times} first reads of the same search: a sealed archive's answers are kept
     * (PageCache), so each asks it in other letters' case ({@code FrOm:5}), which searches the same.
     */
    private double firstReads(MilkProcess reads, String archive, String q, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            StringBuilder variant = new StringBuilder(q);
            for (int c = 0, letter = 0; c < variant.length(); c++) {
                if (Character.isLetter(variant.charAt(c)) && (i >> letter++ & 1) == 1) {
                    variant.setCharAt(c, Character.toUpperCase(variant.charAt(c)));
                }
            }
            millis[i] = timeMillis(reads, searchPath(archive, variant.toString()));
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }

    private static String searchPath(String archive, String q) {
        return "/archive/" + archive + ".json?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean operatorsSearchable(String jdbcUrl) throws SQLException {
        return countOf(jdbcUrl, "SELECT count(*) FROM information_schema.columns "
                + "WHERE table_name = 'archive_search' AND column_name = 'has'") > 0;
    }

    private static long countOf(String jdbcUrl, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl); var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean searchable(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var rows = db.createStatement().executeQuery("""
                        SELECT count(*) FROM information_schema.columns
                        WHERE table_name = 'archive' AND column_name = 'search_indexed_at'""")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }

    private static boolean allIndexed(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var rows = db.createStatement().executeQuery("""
                        SELECT bool_and(search_indexed_at IS NOT NULL) FROM archive
                        WHERE internal_id LIKE 'bench-archive-%'""")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Immutable pages, each route: Milk against nginx serving the very same bytes, same wrk load. */
    private void pages(String jdbcUrl, MilkProcess reads, String warm, String big) throws Exception {
        String archive = publicId(jdbcUrl, "archive", "bench-archive-0");
        Map<String, String> routes = new java.util.LinkedHashMap<>();
        routes.put("/raid/{id} text", "/raid/" + big);
        routes.put("/raid/{id}.json page 1", "/raid/" + big + ".json");
        routes.put("/raid/{id}.html page 1", "/raid/" + big + ".html");
        routes.put("/raid/{id}.csv (2,000 accounts)", "/raid/" + warm + ".csv");
        routes.put("/archive/{id} page 1", "/archive/" + archive);
        routes.put("/archive/{id}.json page 1", "/archive/" + archive + ".json");
        routes.put(String.format("/archive/{id}.txt (%,d messages)", MESSAGES_PER_ARCHIVE), "/archive/" + archive + ".txt");
        Path root = Files.createDirectories(DIR.resolve("nginx-root"));
        Map<String, String> files = new HashMap<>();
        for (var route : routes.entrySet()) {
            var response = getBytes(reads, route.getValue(), Map.of());
            assertThat(response.statusCode()).as(route.getValue()).isEqualTo(200);
            String file = "/f" + files.size();
            Files.write(root.resolve(file.substring(1)), response.body());
            files.put(route.getKey(), file);
        }
        try (var nginx = new Nginx(DIR, root)) {
            for (var route : routes.entrySet()) {
                String milkUrl = "http://127.0.0.1:" + reads.port + route.getValue();
                String nginxUrl = "http://127.0.0.1:" + nginx.port + files.get(route.getKey());
                byte[] served = http.send(HttpRequest.newBuilder(URI.create(nginxUrl)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                assertThat(served).isEqualTo(getBytes(reads, route.getValue(), Map.of()).body());
                var milk = Wrk.run(milkUrl, 32, LOAD, List.of(), null);
                var baseline = Wrk.run(nginxUrl, 32, LOAD, List.of(), null);
                assertThat(milk.non2xx()).as(route.getValue() + " answered non-2xx under load").isZero();
                assertThat(milk.errors()).as(route.getValue() + " broke or timed out connections under load").isZero();
                report.row(String.format("%s, %,d bytes (req/s)", route.getKey(), served.length),
                        milk.requestsPerSecond(), baseline.requestsPerSecond(),
                        milk.requestsPerSecond() / baseline.requestsPerSecond(), ">= 0.5 x nginx");
                if (route.getKey().startsWith("/raid/{id}.json")) {
                    halfPeakLatency(milkUrl, milk.requestsPerSecond());
                    notModified(reads, route.getValue(), milkUrl);
                }
                var gzip = getBytes(reads, route.getValue(), Map.of("Accept-Encoding", "gzip"));
                report.row(route.getKey() + ", gzip wire bytes", gzip.body().length, (double) served.length,
                        (double) gzip.body().length / served.length, "<= 0.2");
            }
        }
    }

    private void halfPeakLatency(String url, double peak) throws Exception {
        int connections = 16;
        double delay = connections * 1_000 / (peak / 2);
        var paced = Wrk.run(url, connections, LOAD, List.of(), Wrk.pacing(DIR, delay));
        report.row(String.format("p99 at about half the peak, %,.0f req/s (ms)", paced.requestsPerSecond()),
                paced.p99Millis(), "", "", "<= 20");
    }

    private void notModified(MilkProcess reads, String path, String url) throws Exception {
        String etag = get(reads, path, Map.of()).headers().firstValue("ETag").orElseThrow();
        var revalidated = Wrk.run(url, 32, LOAD, List.of("If-None-Match: " + etag), null);
        report.row("If-None-Match -> 304, raid JSON (req/s)", revalidated.requestsPerSecond(), "", "", "");
    }

    /** A sealed archive, cached by both replicas, deleted: how long until both answer 410. */
    private void takedown(BenchBot bot, String jdbcUrl, MilkProcess... replicas) throws Exception {
        String archive = publicId(jdbcUrl, "archive", "bench-archive-1");
        for (MilkProcess reads : replicas) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(reads, "/archive/" + archive, Map.of()).statusCode()).isEqualTo(200);
            }
        }
        long start = System.nanoTime();
        bot.delete("bench-archive-1");
        double slowest = 0;
        for (MilkProcess reads : replicas) {
            Instant deadline = Instant.now().plus(TimeScale.of(Duration.ofSeconds(30)));
            while (get(reads, "/archive/" + archive, Map.of()).statusCode() != 410) {
                assertThat(Instant.now()).as("410 after a takedown").isBefore(deadline);
                ChildProcesses.pause(5);
            }
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1e6);
        }
        report.row("takedown to 410 on every replica (ms)", slowest, "", "", "<= 1000");
    }

    private String walkPages(MilkProcess reads, String raid) throws Exception {
        long seen = 0;
        String cursor = null;
        String last = null;
        do {
            var page = get(reads, "/raid/" + raid + ".json" + (cursor == null ? "" : "?cursor=" + cursor), Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher size = SIZE.matcher(page.body());
            size.find();
            assertThat(size.find()).isTrue();
            seen += Long.parseLong(size.group(1));
            Matcher next = NEXT.matcher(page.body());
            last = cursor;
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        assertThat(seen).as("accounts seen walking every page").isEqualTo(ACCOUNTS);
        return last;
    }

    private String raid(BenchBot bot, String jdbcUrl, String raidId, int accounts, boolean conclude) throws Exception {
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (int from = 0; from < accounts; from += PER_RECORD) {
            replies.add(bot.accounts(raidId, 1_250_000_000_000_000_000L, from, Math.min(PER_RECORD, accounts - from)));
        }
        bot.flush();
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        if (conclude) {
            bot.conclude(raidId, 1_763_899_600_000L).get(1, TimeUnit.MINUTES);
        }
        return publicId(jdbcUrl, "raid", raidId);
    }

    private double copyBaseline(String jdbcUrl) throws Exception {
        StringBuilder csv = new StringBuilder(ACCOUNTS * 90);
        for (int i = 0; i < ACCOUNTS; i++) {
            csv.append("1,").append(1_200_000_000_000_000_000L + i).append(",raider_").append(Integer.toString(i, 36))
                    .append(",,").append(Instant.ofEpochMilli(1_700_000_000_000L + i)).append(',')
                    .append(Instant.ofEpochMilli(1_763_899_000_000L + i / 100)).append('\n');
        }
        double best = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            for (int run = 0; run < 3; run++) {
                db.createStatement().execute("DROP TABLE IF EXISTS bench_copy");
                db.createStatement().execute("CREATE TABLE bench_copy (LIKE raid_user INCLUDING ALL)");
                long start = System.nanoTime();
                db.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY bench_copy FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
                best = Math.max(best, ACCOUNTS / ((System.nanoTime() - start) / 1e9));
            }
            db.createStatement().execute("DROP TABLE bench_copy");
        }
        return best;
    }

    /**
     * A plain consumer reading the raid topic from its start to its end, values untouched: the
     * accounts a second Kafka alone delivers (the topic also holds the replies, read and skipped).
     */
    private double kafkaDrainBaseline(KafkaBrokerProcess broker) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                "max.partition.fetch.bytes", 8_388_608, "fetch.max.bytes", 52_428_800),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(BenchBot.RAIDS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long batches = 0;
            long start = System.nanoTime();
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if ("batch-insert-raid-users".equals(record.key())) {
                        batches++;
                    }
                }
            }
            return batches * PER_RECORD / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The writer's batch meters of the raid topic, from its Prometheus endpoint. */
    private Map<String, Double> writerBatches(MilkProcess writes) throws Exception {
        Map<String, Double> values = new HashMap<>();
        for (String line : get(writes, "/actuator/prometheus", Map.of()).body().split("\n")) {
            if (line.startsWith("milk_batch_") && line.contains("topic=\"raid-management\"")) {
                values.put(line.substring(0, line.indexOf('{')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    private static String batches(Map<String, Double> before, Map<String, Double> after) {
        java.util.function.ToDoubleFunction<String> delta = name -> after.getOrDefault(name, 0.0)
                - before.getOrDefault(name, 0.0);
        double batches = delta.applyAsDouble("milk_batch_records_count");
        return String.format("%.0f batches of %.1f records on average (requests and the replies read back), "
                + "storing %.1f ms and replying %.1f ms a batch", batches,
                delta.applyAsDouble("milk_batch_records_sum") / batches,
                delta.applyAsDouble("milk_batch_store_seconds_sum") * 1e3 / delta.applyAsDouble("milk_batch_store_seconds_count"),
                delta.applyAsDouble("milk_batch_replies_seconds_sum") * 1e3 / batches);
    }

    private static CpuShares cpu(KafkaBrokerProcess broker, MilkProcess writes, MilkProcess... reads) {
        return new CpuShares().part("writer", () -> LongStream.of(writes.pid()))
                .part("PostgreSQL", CpuShares::postgres)
                .part("broker", () -> LongStream.of(broker.pid()))
                .part("reads", () -> Arrays.stream(reads).mapToLong(MilkProcess::pid))
                .part("bot and harness", () -> LongStream.of(ProcessHandle.current().pid()));
    }

    private MilkProcess milk(Path app, String name, String role, String memory, List<String> aot, String jdbcUrl,
            KafkaBrokerProcess broker) throws IOException {
        List<String> jvm = new ArrayList<>(IMAGE_JVM);
        jvm.add("-XX:MaxRAM=" + memory);
        jvm.addAll(aot);
        if (Boolean.getBoolean("milk.bench.profile")) {
            // A Flight Recorder profile of each process, written when it stops (BENCHMARKS.md, Profiles).
            jvm.add("-XX:StartFlightRecording:settings=profile,filename=" + DIR.resolve(name + ".jfr"));
        }
        return MilkProcess.start(app.resolve("milk.jar"), DIR, name, role, jdbcUrl, broker.bootstrapServers(), jvm,
                Map.of("MALLOC_ARENA_MAX", "2"));
    }

    /** The jar as the image holds it: extracted, with a JDK AOT cache trained as the Dockerfile trains it. */
    private static Path extractWithAotCache() throws IOException {
        Path app = DIR.resolve("app");
        ChildProcesses.run(List.of(ChildProcesses.javaBinary(), "-Djarmode=tools", "-jar", JAR.toString(), "extract",
                "--destination", app.toString()), DIR.resolve("extract.log"), Duration.ofMinutes(2));
        var training = new ProcessBuilder(ChildProcesses.javaBinary(), "-XX:AOTCacheOutput=" + app.resolve("milk.aot"),
                "-Dspring.context.exit=onRefresh", "-jar", "milk.jar").directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("aot-training.log").toFile());
        training.environment().putAll(Map.of("MILK_ROLE", "all", "MILK_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:1/training", "MILK_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "SPRING_KAFKA_ADMIN_OPERATION_TIMEOUT", "1s", "SPRING_FLYWAY_ENABLED", "false"));
        try {
            Process process = training.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(app.resolve("milk.aot")).exists();
        return app;
    }



    private static long accountsStored(String jdbcUrl, String raidId) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var query = db.prepareStatement("""
                        SELECT r.user_count, (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id)
                        FROM raid r WHERE r.internal_id = ?""")) {
            query.setString(1, raidId);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as(raidId + " stored").isTrue();
                assertThat(rows.getLong(1)).as(raidId + " user_count against rows").isEqualTo(rows.getLong(2));
                return rows.getLong(2);
            }
        }
    }

    private static long sealedMessages(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var rows = db.createStatement().executeQuery("""
                        SELECT coalesce(sum((SELECT count(*) FROM archive_message m WHERE m.archive_id = a.id)), 0)
                        FROM archive a WHERE a.internal_id LIKE 'bench-archive-%' AND a.sealed_at IS NOT NULL""")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String publicId(String jdbcUrl, String table, String internalId) throws SQLException {
        String id = publicIdOrNull(jdbcUrl, table, internalId);
        assertThat(id).as(table + " " + internalId).isNotNull();
        return id;
    }

    private static String publicIdOrNull(String jdbcUrl, String table, String internalId) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var query = db.prepareStatement("SELECT public_id FROM " + table + " WHERE internal_id = ?")) {
            query.setString(1, internalId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private HttpResponse<String> get(MilkProcess milk, String path, Map<String, String> headers) throws Exception {
        return get(milk, path, headers, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(MilkProcess milk, String path, Map<String, String> headers) throws Exception {
        return get(milk, path, headers, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> get(MilkProcess milk, String path, Map<String, String> headers,
            HttpResponse.BodyHandler<T> body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milk.portFor(path) + path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), body);
    }

    private double timeMillis(MilkProcess milk, String path) throws Exception {
        long start = System.nanoTime();
        assertThat(get(milk, path, Map.of()).statusCode()).as(path).isEqualTo(200);
        return (System.nanoTime() - start) / 1e6;
    }

    private double medianMillis(MilkProcess milk, String path, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            millis[i] = timeMillis(milk, path);
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1e3;
    }
}
