package dev.milk.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.milk.processes.ChildProcesses;
import dev.milk.testing.FaultTest;
import dev.milk.testing.TimeScale;

/**
 * Milk under faults, every part its own process: a Kafka broker (or three), PostgreSQL, and Milk's jar as
 * writers and reads. Each scenario streams raids and archives as a bot would, breaks something
 * mid-run, then counts what was sent, stored, duplicated and lost, and which requests went
 * unanswered. {@code -Dmilk.faults=full} (faults/run.sh) runs the full sizes: 1,000,000 accounts,
 * 100,000 messages, 10 kills; by default a shorter run, as in CI. Results: target/faults/report.md.
 */
@FaultTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final boolean FULL = "full".equals(System.getProperty("milk.faults"));
    private static final int RAIDS = FULL ? 10 : 4;
    private static final int ACCOUNTS_PER_RAID = FULL ? 100_000 : 25_000;
    private static final int ARCHIVES = FULL ? 100 : 20;
    private static final int MESSAGES_PER_ARCHIVE = FULL ? 1_000 : 500;
    private static final int KILLS = FULL ? 10 : 3;
    private static final Duration STREAM = Duration.ofSeconds(FULL ? 90 : 25);
    private static final Duration PATIENCE = TimeScale.of(Duration.ofMinutes(FULL ? 15 : 5));
    private static final Path REPORT = Path.of("target", "faults", "report.md");

    @BeforeAll
    static void report() throws IOException {
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "Fault suite (" + (FULL ? "full" : "short") + "): " + RAIDS * ACCOUNTS_PER_RAID
                + " accounts in " + RAIDS + " raids, " + ARCHIVES * MESSAGES_PER_ARCHIVE + " messages in " + ARCHIVES
                + " archives per scenario\n\n| scenario | sent | stored | duplicated | lost | unanswered | answered twice |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
    }

    @Test
    @Order(1)
    void aWriterKilledAtRandomMomentsAndRestarted() throws Exception {
        try (var cluster = new FaultCluster("kill-9")) {
            var writer = cluster.milk("writer", "writes", Map.of());
            try (var load = workload(cluster)) {
                Thread bot = stream(load);
                Random random = new Random(9);
                for (int kill = 0; kill < KILLS; kill++) {
                    ChildProcesses.pause(500 + random.nextInt(FULL ? 6_000 : 3_000));
                    writer.kill();
                    writer = cluster.milk("writer", "writes", Map.of());
                }
                bot.join();
                settle(load, KILLS + " x kill -9 of the writer");
            }
        }
    }

    @Test
    @Order(2)
    void twoWritersOneKilledOneAdded() throws Exception {
        try (var cluster = new FaultCluster("rebalance")) {
            var first = cluster.milk("writer-1", "writes", Map.of());
            cluster.milk("writer-2", "writes", Map.of());
            try (var load = workload(cluster)) {
                Thread bot = stream(load);
                ChildProcesses.pause(STREAM.toMillis() / 3);
                first.kill();
                ChildProcesses.pause(STREAM.toMillis() / 6);
                cluster.milk("writer-3", "writes", Map.of());
                bot.join();
                settle(load, "2 writers: one killed, one added");
            }
        }
    }

    @Test
    @Order(3)
    void postgresStoppedMidRun() throws Exception {
        Duration outage = Duration.ofSeconds(FULL ? 30 : 15);
        try (var cluster = new FaultCluster("postgres-down")) {
            var writer = cluster.milk("writer", "writes", Map.of());
            var reads = cluster.milk("reads", "reads", Map.of());
            try (var load = workload(cluster)) {
                Thread bot = stream(load);
                String publicId = firstRaid(cluster);
                ChildProcesses.pause(2_000);
                cluster.stopPostgres();
                writer.awaitStatus("/actuator/health/readiness", 503, Duration.ofSeconds(20));
                List<Integer> answers = new ArrayList<>();
                long end = System.nanoTime() + outage.toNanos();
                while (System.nanoTime() < end) {
                    answers.add(reads.status("/raid/" + publicId));
                    ChildProcesses.pause(200);
                }
                cluster.startPostgres();
                writer.awaitReady(Duration.ofSeconds(60));
                reads.awaitStatus("/raid/" + publicId, 200, Duration.ofSeconds(60));
                assertThat(answers).as("reads while PostgreSQL is down").contains(503).doesNotContain(500)
                        .allMatch(status -> status == 503 || status == 200);
                bot.join();
                settle(load, "PostgreSQL stopped " + outage.toSeconds() + " s (reads: " + Collections.frequency(answers, 503)
                        + " x 503, 0 x 500)");
            }
        }
    }

    @Test
    @Order(4)
    void brokerRestartedMidRun() throws Exception {
        try (var cluster = new FaultCluster("broker-restart")) {
            cluster.milk("writer", "writes", Map.of());
            try (var load = workload(cluster)) {
                Thread bot = stream(load);
                ChildProcesses.pause(STREAM.toMillis() / 3);
                cluster.stopBroker();
                ChildProcesses.pause(5_000);
                cluster.startBroker();
                bot.join();
                settle(load, "Kafka broker restarted");
            }
        }
    }

    /**
     * Production's Kafka: three brokers, every topic on each, a write acknowledged by two. The
     * broker leading the raid topic dies (SIGKILL, as its machine would) a third into the stream
     * and stays dead: the bot and the writer carry on with the other two.
     */
    @Test
    @Order(5)
    void oneOfThreeBrokersKilledMidIngest() throws Exception {
        try (var cluster = new FaultCluster("broker-killed", 3)) {
            cluster.milk("writer", "writes", Map.of());
            int leader;
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                var topics = admin.describeTopics(List.of("raid-management", "message-archives")).allTopicNames().get();
                topics.forEach((name, topic) -> topic.partitions().forEach(partition -> assertThat(partition.replicas())
                        .as("replicas of %s-%d, the brokers' default as Milk creates it", name, partition.partition())
                        .hasSize(3)));
                leader = topics.get("raid-management").partitions().getFirst().leader().id();
            }
            try (var load = workload(cluster)) {
                Thread bot = stream(load);
                ChildProcesses.pause(STREAM.toMillis() / 3);
                long killed = System.nanoTime();
                cluster.killBroker(leader);
                bot.join();
                // Counted as the bot stops sending: replies that kept coming while it sent, not the backlog after.
                Workload.Replies replies = load.repliesSince(killed);
                assertThat(replies.count()).as("replies while the bot sent, after the kill").isPositive();
                settle(load, "1 of 3 brokers killed, the raid topic's leader (" + replies + ")");
            }
        }
    }

    /** Reads' latency idle and while the writer ingests as fast as it can; a figure, not an assertion. */
    @Test
    @Order(6)
    void readsWhileTheWriterIngests() throws Exception {
        try (var cluster = new FaultCluster("reads-under-ingest")) {
            cluster.milk("writer", "writes", Map.of());
            var reads = cluster.milk("reads", "reads", Map.of());
            try (var warmup = new Workload(cluster.bootstrapServers(), cluster.jdbcUrl(), 1, 2_000, 0, 0)) {
                warmup.stream(1_000, 100, Duration.ZERO);
                warmup.finish(PATIENCE);
            }
            String publicId = firstRaid(cluster);
            String path = "/raid/" + publicId + ".json";
            int accounts = FULL ? 1_000_000 : 300_000;
            List<Long> idle = load(reads.port, path, () -> false, FULL ? 10_000 : 3_000);
            List<Long> busy;
            try (var load = new Workload(cluster.bootstrapServers(), cluster.jdbcUrl(), 1, accounts, 0, 0)) {
                Thread bot = Thread.ofPlatform().start(() -> load.stream(1_000, 100, Duration.ZERO));
                awaitAccounts(cluster, 2_000 + 1);
                // Only requests made while the writer is still storing count.
                busy = load(reads.port, path, () -> accounts(cluster) >= 2_000L + accounts, Integer.MAX_VALUE);
                bot.join();
                load.finish(PATIENCE);
            }
            line(String.format("reads while ingesting %,d accounts: %,d requests, p50 %.1f ms (idle %.1f ms), "
                    + "p99 %.1f ms (idle %.1f ms)", accounts, busy.size(), percentile(busy, 50) / 1e6,
                    percentile(idle, 50) / 1e6, percentile(busy, 99) / 1e6, percentile(idle, 99) / 1e6));
            double ratio = percentile(busy, 99) / (double) percentile(idle, 99);
            line(String.format("reads p99 while ingesting / idle: %.2f x (target: within 2 x)", ratio));
            assertThat(busy).as("requests made during the ingest").hasSizeGreaterThan(100);
        }
    }

    private static Workload workload(FaultCluster cluster) {
        return new Workload(cluster.bootstrapServers(), cluster.jdbcUrl(), RAIDS, ACCOUNTS_PER_RAID, ARCHIVES,
                MESSAGES_PER_ARCHIVE);
    }

    private static Thread stream(Workload load) {
        return Thread.ofPlatform().name("fault-bot").start(() -> load.stream(1_000, 100, STREAM));
    }

    /** Concludes, waits for every answer, then compares the database with what was sent. */
    private static void settle(Workload load, String scenario) throws Exception {
        load.finish(PATIENCE);
        Workload.Ledger ledger = load.ledger();
        line(ledger.line(scenario));
        assertThat(ledger.wrongConclusions()).as("raids whose conclusion is wrong").isZero();
        assertThat(ledger).as(scenario).matches(Workload.Ledger::exact, "every record stored once and answered");
    }

    private static String firstRaid(FaultCluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (var db = DriverManager.getConnection(cluster.jdbcUrl())) {
            while (System.nanoTime() < deadline) {
                try (var rows = db.createStatement().executeQuery("SELECT public_id FROM raid WHERE user_count > 0 LIMIT 1")) {
                    if (rows.next()) {
                        return rows.getString(1);
                    }
                } catch (java.sql.SQLException e) {
                    // not migrated yet
                }
                ChildProcesses.pause(200);
            }
        }
        throw new AssertionError("no raid stored within 60 s");
    }

    private static long accounts(FaultCluster cluster) {
        try (var db = DriverManager.getConnection(cluster.jdbcUrl());
             var rows = db.createStatement().executeQuery("SELECT coalesce(sum(user_count), 0) FROM raid")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private static void awaitAccounts(FaultCluster cluster, long atLeast) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accounts(cluster) < atLeast && System.nanoTime() < deadline) {
            ChildProcesses.pause(20);
        }
    }

    /** GETs from 4 connections at once, {@code count} of them or until {@code done}; each latency in nanoseconds. */
    private static List<Long> load(int port, String path, java.util.function.BooleanSupplier done, int count)
            throws Exception {
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        var finished = new java.util.concurrent.atomic.AtomicBoolean();
        var made = new java.util.concurrent.atomic.AtomicInteger();
        try (var http = HttpClient.newHttpClient(); var pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    while (!finished.get() && made.incrementAndGet() <= count) {
                        long start = System.nanoTime();
                        try {
                            int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                            statuses.merge(status, 1, Integer::sum);
                        } catch (IOException | InterruptedException e) {
                            statuses.merge(-1, 1, Integer::sum);
                        }
                        latencies.add(System.nanoTime() - start);
                    }
                });
            }
            while (made.get() < count && !finished.get()) {
                if (done.getAsBoolean()) {
                    finished.set(true);
                }
                ChildProcesses.pause(50);
            }
            finished.set(true);
        }
        assertThat(statuses.keySet()).as("statuses of the load").containsOnly(200);
        return latencies;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }

    private static void line(String text) throws IOException {
        System.out.println(text);
        Files.writeString(REPORT, text + "\n", StandardOpenOption.APPEND);
    }
}
