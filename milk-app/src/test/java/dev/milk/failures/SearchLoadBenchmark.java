package dev.milk.failures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.testing.BenchTest;

/**
 * Not a test (the name keeps it out of {@code ./mvnw verify}); run it alone:
 * {@code ./mvnw -o -B verify -pl milk-app -am -Dtest=SearchLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false}.
 * One visitor reads pages of a live 200,000-message archive while 0 (the baseline, same run), 8
 * and 16 others search it for a word it lacks, each as fast as the answers come: the pages'
 * latency and status, and what the searches were answered. And the time to stream a 200,000
 * account raid's CSV and the archive's transcript.
 */
@BenchTest
class SearchLoadBenchmark extends MilkEndToEndTest {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 200_000);
    private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pagesWhileSearchesRun() throws Exception {
        String archive = LargeArchives.archive(jdbc, MESSAGES);
        jdbc.execute("ANALYZE archive_message");
        List<String> report = new ArrayList<>();
        report.add("archive of " + MESSAGES + " messages (live), " + PHASE.toSeconds() + " s a phase, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        timed(archive, 0, Duration.ofSeconds(5));    // warm-up, not reported
        for (int searchers : new int[] {0, 8, 16}) {
            report.add(timed(archive, searchers, PHASE));
        }
        write(report, "search-load.txt");
    }

    /** The streamed answers' time, which batches of keyset queries must not lengthen (the best of 8, and the median). */
    @Test
    void streams() throws Exception {
        String archive = LargeArchives.archive(jdbc, MESSAGES);
        String raid = LargeArchives.raid(jdbc, 200_000);
        jdbc.execute("ANALYZE archive_message");
        jdbc.execute("ANALYZE raid_user");
        List<String> report = new ArrayList<>();
        for (String path : List.of("/raid/" + raid + ".csv", "/archive/" + archive + ".txt")) {
            List<Long> millis = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < 9; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = http.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
                millis.add((System.nanoTime() - start) / 1_000_000);
                bytes = answer.body().length;
            }
            List<Long> measured = millis.subList(1, millis.size()).stream().sorted().toList();
            report.add(String.format("%s: %,d bytes, best %,d ms, median %,d ms (8 after a warm-up)",
                    path.replaceFirst("/[^/.]+\\.", "/{id}."), bytes, measured.getFirst(), percentile(measured, 50)));
        }
        write(report, "streams.txt");
    }

    private static void write(List<String> report, String name) throws Exception {
        report.forEach(System.out::println);
        Path out = Path.of("target/benchmarks/" + name);
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private String timed(String archive, int searchers, Duration phase) throws Exception {
        Map<String, Integer> searchAnswers = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> pageMillis = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> pageStatus = new TreeMap<>();
        try (ExecutorService visitors = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < searchers; i++) {
                visitors.submit(() -> {
                    while (running.get()) {
                        HttpResponse<String> answer = http.send(request("/archive/" + archive + ".json?q=zebra"),
                                HttpResponse.BodyHandlers.ofString());
                        String line = answer.statusCode() == 200 ? "200" : answer.body().strip();
                        searchAnswers.merge(line.length() > 70 ? line.substring(0, 70) : line, 1, Integer::sum);
                    }
                    return null;
                });
            }
            long end = System.nanoTime() + phase.toNanos();
            for (int n = 0; System.nanoTime() < end; n++) {
                long after = LargeArchives.FIRST_MESSAGE + (n * 7_919L) % MESSAGES;
                long start = System.nanoTime();
                HttpResponse<String> page = http.send(request("/archive/" + archive + "?after=" + after),
                        HttpResponse.BodyHandlers.ofString());
                pageMillis.add((System.nanoTime() - start) / 1_000_000);
                pageStatus.merge(page.statusCode(), 1, Integer::sum);
            }
            running.set(false);
        }
        List<Long> sorted = pageMillis.stream().sorted().toList();
        return String.format("%2d searchers: page p50 %,d ms, p90 %,d ms, p99 %,d ms, max %,d ms over %d pages %s; searches %s",
                searchers, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.getLast(),
                sorted.size(), pageStatus, new TreeMap<>(searchAnswers));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build();
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
