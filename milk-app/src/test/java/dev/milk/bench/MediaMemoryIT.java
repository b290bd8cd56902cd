package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.milk.archive.CdnStandIn;
import dev.milk.media.MediaKeys;
import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.BenchTest;
import dev.milk.testing.TimeScale;

/**
 * Media in bounded memory, with the image's heaps (BENCHMARKS.md, Media): Milk's jar as a
 * {@code writes} process (the stack's 768M: a 192 MiB heap) copying four 50 MiB files at once
 * from the CDN stand-in while a raid ingests, its ingest rate printed beside the same ingest
 * without them (before and after); then a {@code reads} process (768M: a 192 MiB heap) serving
 * eight downloads of one of those copies at once, against the same parts read straight from
 * PostgreSQL. Every copy and download must be whole (its SHA-256) and both processes alive and
 * answering; the figures are printed to {@code target/bench-media/report.md}, never asserted.
 * {@code -Dmilk.bench=full} (bench/run.sh) ingests 1,000,000 accounts, the short run 100,000.
 */
@BenchTest
class MediaMemoryIT {

    private static final boolean FULL = "full".equals(System.getProperty("milk.bench"));
    private static final int ACCOUNTS = FULL ? 1_000_000 : 100_000;
    private static final int PER_RECORD = 1_000;
    /** MILK_MEDIA_MAX_FILE_SIZE's default, 50MB: the largest copy Milk makes unless told otherwise. */
    private static final long COPY = 50L << 20;
    private static final int COPIES = 4;
    private static final int DOWNLOADS = 8;
    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "bench-media").toAbsolutePath();
    private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Report report = new Report();

    @Test
    void copiesAndDownloadsOf50MegabytesInTheImagesHeaps() throws Exception {
        BenchPlace.clean(DIR);
        String jdbcUrl = BenchPlace.freshDatabase("milk_media_bench");
        CdnStandIn cdn = CdnStandIn.shared();
        // The writer reaches the stand-in by the CDN's name, as TestHosts does for the test JVM.
        Path hosts = Files.writeString(DIR.resolve("hosts"), "127.0.0.1 cdn.discordapp.com media.discordapp.net\n");
        try (var broker = new KafkaBrokerProcess(Files.createDirectories(DIR.resolve("broker")), 1)) {
            broker.start();
            List<MilkProcess> started = new ArrayList<>();
            try {
                MilkProcess writes = milk("writes", "768m", jdbcUrl, broker, List.of("-Djdk.net.hosts.file=" + hosts),
                        Map.of("MILK_MEDIA_TRUST_STORE", cdn.keystore().toString(),
                                "MILK_MEDIA_TRUST_STORE_PASSWORD", CdnStandIn.PASSWORD,
                                "MILK_MEDIA_ALLOWED_NETWORKS", "127.0.0.1/32", "MILK_MEDIA_INTERVAL", "200ms",
                                // A shared 2-core machine: the download's own limit is not what is measured.
                                "MILK_MEDIA_TIMEOUT", "5m"));
                started.add(writes);
                writes.awaitReady(Duration.ofSeconds(180));
                MilkProcess reads = milk("reads", "768m", jdbcUrl, broker, List.of(), Map.of());
                started.add(reads);
                reads.awaitReady(Duration.ofSeconds(120));
                try (var bot = new BenchBot(broker.bootstrapServers())) {
                    List<String> keys = copies(bot, cdn, jdbcUrl, writes);
                    downloads(jdbcUrl, reads, keys.getFirst());
                }
            } finally {
                started.forEach(MilkProcess::stop);
            }
        } finally {
            report.write(DIR.resolve("report.md"), FULL, ACCOUNTS);
        }
    }

    /** The writer: a raid's ingest alone, beside four 50 MiB copies, alone again. */
    private List<String> copies(BenchBot bot, CdnStandIn cdn, String jdbcUrl, MilkProcess writes) throws Exception {
        bot.createArchive("bench-media").get(1, TimeUnit.MINUTES);
        ingest(bot, "bench-warm-up");
        double before = ingest(bot, "bench-alone-1");
        int idle = liveHeap(writes);
        List<Long> seeds = LongStream.range(0, COPIES).map(i -> 1_000 + i).boxed().toList();
        long published = System.nanoTime();
        bot.attachments("bench-media", seeds.stream().map(seed -> cdn.fixture("random-" + seed + "-" + COPY + ".bin"))
                .toList(), COPY);
        await(() -> count(jdbcUrl, "attempts >= 1 AND state = 'pending'") == COPIES || count(jdbcUrl,
                "state = 'stored'") > 0, TimeScale.of(Duration.ofMinutes(2)), "the writer taking the four copies at once");
        boolean together = count(jdbcUrl, "state = 'stored'") == 0;
        CompletableFuture<Integer> busy = midway(writes);
        double beside = ingest(bot, "bench-beside");
        boolean overlapped = count(jdbcUrl, "state = 'stored'") < COPIES;
        await(() -> count(jdbcUrl, "state <> 'pending'") == COPIES, TimeScale.of(Duration.ofMinutes(10)), "the four copies made");
        double copySeconds = (System.nanoTime() - published) / 1e9;
        double after = ingest(bot, "bench-alone-2");

        List<String> keys = new ArrayList<>();
        for (long seed : seeds) {
            var digest = MediaKeys.digest();
            try (InputStream in = new DigestInputStream(CdnStandIn.random(seed, COPY), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            keys.add(MediaKeys.of(digest));
        }
        assertThat(storedKeys(jdbcUrl)).as("each copy stored whole, under its SHA-256").containsExactlyInAnyOrderElementsOf(keys);
        assertThat(writes.status("/actuator/health/readiness")).as("the writer alive and ready").isEqualTo(200);

        double alone = (before + after) / 2;
        report.row(String.format("raid ingest of %,d accounts beside %d copies of 50 MiB at once (accounts/s)",
                ACCOUNTS, COPIES), beside, alone, beside / alone, "");
        report.note(String.format("ingest alone: %,.0f accounts/s before the copies, %,.0f after; the copies %s taken"
                + " together and %s the whole ingest", before, after, together ? "were" : "were NOT",
                overlapped ? "outlasted" : "ended within"));
        report.row(String.format("%d copies of 50 MiB, published to all stored (s)", COPIES), copySeconds, "", "", "");
        report.row(String.format("writes live heap with the %d copies and the raid in flight, of 192 MiB (MiB)", COPIES),
                busy.join(), (double) idle, "", "");
        heap(writes, "writes");
        return keys;
    }

    /** The reader: eight downloads of one copy at once, against the same parts read from PostgreSQL. */
    private void downloads(String jdbcUrl, MilkProcess reads, String key) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + reads.port + "/media/" + key + "/clip.mp4");
        List<Double> seconds = new ArrayList<>();
        int idle = liveHeap(reads);
        CompletableFuture<Integer> busy = midway(reads);
        long start = System.nanoTime();
        for (Download done : all(DOWNLOADS, () -> download(uri))) {
            assertThat(done.status()).as("a download's status").isEqualTo(200);
            assertThat(done.key()).as("a download's SHA-256").isEqualTo(key);
            seconds.add(done.seconds());
        }
        double milk = DOWNLOADS * COPY / 1e6 / ((System.nanoTime() - start) / 1e9);
        long startDb = System.nanoTime();
        for (String read : all(DOWNLOADS, () -> readParts(jdbcUrl, key))) {
            assertThat(read).isEqualTo(key);
        }
        double database = DOWNLOADS * COPY / 1e6 / ((System.nanoTime() - startDb) / 1e9);
        assertThat(reads.status("/actuator/health/readiness")).as("the reader alive and ready").isEqualTo(200);
        HttpResponse<Void> again = http.send(HttpRequest.newBuilder(uri).header("If-None-Match", "\"" + key + "\"")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(again.statusCode()).as("the reader still answering").isEqualTo(304);

        report.row(String.format("%d downloads of a 50 MiB copy at once, all bytes (MB/s)", DOWNLOADS), milk,
                database, milk / database, "");
        report.row(String.format("reads live heap with the %d downloads in flight, of 128 MiB (MiB)", DOWNLOADS),
                busy.join(), (double) idle, "", "");
        report.note(String.format("each download took %.1f-%.1f s; the baseline reads the same parts with the store's"
                + " query, %d connections at once, in the harness", seconds.stream().min(Comparator.naturalOrder())
                .orElseThrow(), seconds.stream().max(Comparator.naturalOrder()).orElseThrow(), DOWNLOADS));
        heap(reads, "reads");
    }

    private record Download(int status, String key, double seconds) {
    }

    private Download download(URI uri) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var digest = MediaKeys.digest();
        try (InputStream in = new DigestInputStream(response.body(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new Download(response.statusCode(), MediaKeys.of(digest), (System.nanoTime() - start) / 1e9);
    }

    /** The copy's parts in order, one query each, as the store reads them; its SHA-256. */
    private static String readParts(String jdbcUrl, String key) throws SQLException {
        var digest = MediaKeys.digest();
        try (Connection db = DriverManager.getConnection(jdbcUrl); var part = db.prepareStatement("""
                SELECT p.bytes FROM media_part p JOIN media_object o ON o.id = p.object_id
                WHERE o.media_key = ? AND p.part = ?""")) {
            part.setString(1, key);
            for (int n = 0; ; n++) {
                part.setInt(2, n);
                try (var rows = part.executeQuery()) {
                    if (!rows.next()) {
                        return MediaKeys.of(digest);
                    }
                    digest.update(rows.getBytes(1));
                }
            }
        }
    }

    private static <T> List<T> all(int times, Callable<T> task) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> running = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                running.add(threads.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> result : running) {
                results.add(result.get(10, TimeUnit.MINUTES));
            }
            return results;
        }
    }

    /** Publishes a raid as fast as the bot can, to its last reply: accounts a second. */
    private static double ingest(BenchBot bot, String raidId) throws Exception {
        List<String> values = new ArrayList<>();
        for (int from = 0; from < ACCOUNTS; from += PER_RECORD) {
            values.add(BenchBot.accountsValue(raidId, 1_300_000_000_000_000_000L, from, PER_RECORD));
        }
        long start = System.nanoTime();
        List<CompletableFuture<Long>> replies = values.stream().map(bot::accounts).toList();
        bot.flush();
        long last = CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(done -> replies.stream().mapToLong(CompletableFuture::join).max().orElseThrow())
                .get(10, TimeUnit.MINUTES);
        return ACCOUNTS / ((last - start) / 1e9);
    }

    /**
     * What the process holds live: a full collection asked for ({@code jcmd GC.run}), and what it
     * kept, from the JVM's GC log. The baseline column of these rows is the same, idle.
     */
    private static int liveHeap(MilkProcess milk) throws IOException {
        ChildProcesses.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(milk.pid()), "GC.run"), DIR.resolve("jcmd.log"), Duration.ofMinutes(1));
        int live = -1;
        for (String line : Files.readAllLines(DIR.resolve(milk.name + "-gc.log"))) {
            Matcher collection = COLLECTION.matcher(line);
            if (line.contains("Diagnostic Command") && collection.find()) {
                live = Integer.parseInt(collection.group(2));
            }
        }
        return live;
    }

    /** The live heap a second and a half into what starts next, on a thread of its own. */
    private static CompletableFuture<Integer> midway(MilkProcess milk) {
        var live = new CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            ChildProcesses.pause(1_500);
            try {
                live.complete(liveHeap(milk));
            } catch (IOException | RuntimeException e) {
                live.completeExceptionally(e);
            }
        });
        return live;
    }

    /** The most the heap held before a collection (garbage included) and committed, from the GC log; the peak RSS. */
    private void heap(MilkProcess milk, String name) throws IOException {
        int fullest = 0;
        int committed = 0;
        for (String line : Files.readAllLines(DIR.resolve(name + "-gc.log"))) {
            Matcher collection = COLLECTION.matcher(line);
            if (collection.find()) {
                fullest = Math.max(fullest, Integer.parseInt(collection.group(1)));
                committed = Math.max(committed, Integer.parseInt(collection.group(3)));
            }
        }
        report.note(String.format("%s heap: at most %d MiB before a collection, garbage included; at most %d MiB"
                + " committed", name, fullest, committed));
        report.row(name + " peak RSS (MiB)", milk.peakRssMiB(), "", "", "");
    }

    private static MilkProcess milk(String role, String memory, String jdbcUrl, KafkaBrokerProcess broker,
            List<String> more, Map<String, String> settings) throws IOException {
        // As the image runs Milk (Dockerfile) in a container of the stack file's memory limit.
        List<String> jvm = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError", "-Xms32m", "-XX:+UseSerialGC",
                "-XX:MaxRAM=" + memory, "-Xlog:gc:file=" + DIR.resolve(role + "-gc.log")));
        jvm.addAll(more);
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("MALLOC_ARENA_MAX", "2");
        return MilkProcess.start(JAR, DIR, role, role, jdbcUrl, broker.bootstrapServers(), jvm, env);
    }

    private static int count(String jdbcUrl, String condition) {
        try (Connection db = DriverManager.getConnection(jdbcUrl); var rows = db.createStatement().executeQuery(
                "SELECT count(*) FROM archive_media WHERE " + condition)) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> storedKeys(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl); var rows = db.createStatement().executeQuery(
                "SELECT media_key FROM archive_media WHERE state = 'stored'")) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            ChildProcesses.pause(100);
        }
    }


}
