package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.client.MilkArchiveClient;
import dev.milk.client.MilkClientSettings;
import dev.milk.client.MilkRaidClient;
import dev.milk.testing.StandbyPair;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.Waits;

/**
 * The reads of a Milk whose pages read a real streaming-replication standby ({@link StandbyPair}):
 * its writer writes the primary, through real Kafka, and its pages read the standby. Kept pages
 * are trusted for an hour here: only the writers' notification, and the standby's replay of the
 * change it announced, can drop them.
 */
class StandbyReadsTest {

    private static final String SECRET = "my phone number is 555-0142";
    private static final Duration MAX_LAG = Duration.ofSeconds(6);
    /** What a live page read from the standby says. */
    private static final String FRESHNESS =
            "<span class=\"freshness\">as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC from a replica \\d+\\.\\d s behind</span>";

    private static StandbyPair pair;
    private static ConfigurableApplicationContext milk;
    private static MilkArchiveClient archives;
    private static MilkRaidClient raids;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = StandbyPair.unavailable();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "no standby can be made here: " + missing.orElseThrow());
        pair = StandbyPair.start();
        milk = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=all", "--milk.http.port=0",
                "--milk.database.url=" + pair.primary().url(), "--milk.database.username=postgres",
                "--milk.reads.standby.url=" + pair.standby().url(), "--milk.reads.standby.max-lag=" + MAX_LAG.toSeconds() + "s",
                "--milk.reads.cache.revalidate=1h", "--milk.reads.rate-limit.per-second=0", "--milk.media.copy=false",
                "--milk.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(), "--milk.writes.group-id=standby-test",
                "--milk.writes.raid.topic=raid-management-standby", "--milk.writes.archive.topic=message-archives-standby");
        archives = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers())
                .withTopic("message-archives-standby"));
        raids = new MilkRaidClient(MilkClientSettings.raids(TestKafka.bootstrapServers())
                .withTopic("raid-management-standby"));
    }

    @AfterAll
    static void stop() {
        if (archives != null) {
            archives.close();
            raids.close();
        }
        if (milk != null) {
            milk.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    /** Each test begins with the pages reading the standby. */
    @BeforeEach
    void readingTheStandby() {
        Waits.upTo(Duration.ofSeconds(30)).alias("the pages read the standby").until(() -> readingStandby());
    }

    @Test
    void aKeptPageReadFromTheStandbyIsDroppedOnceTheStandbyReplaysARemoval() throws Exception {
        String archiveId = Archives.newId();
        String publicId = sealedArchive(archiveId);
        String json = "/archive/" + publicId + ".json";
        assertThat(get(json).body()).contains(SECRET);
        assertThat(get(json).body()).as("kept").contains(SECRET);
        assertThat(connections("milk-reads-standby")).as("taken from the standby's pool").isPositive();

        pair.pauseReplay();
        try {
            archives.redact(archiveId, List.of(Archives.message(0).id()), "privacy", "500").get();
            Waits.upTo(Duration.ofSeconds(5)).alias("the removal on the primary")
                    .until(() -> redactions(pair.primary(), archiveId) == 1);
            // Dropped as the notification came, and rendered again from the standby, which has not replayed it.
            Thread.sleep(300);
            assertThat(get(json).body()).as("read from the standby, still behind").contains(SECRET);
            assertThat(redactions(pair.standby(), archiveId)).isZero();
        } finally {
            pair.resumeReplay();
        }
        long resumed = System.nanoTime();
        Waits.upTo(Duration.ofSeconds(10)).alias("the removal in the kept JSON once replayed")
                .until(() -> !get(json).body().contains(SECRET));
        System.out.printf("standby: the removal reached the kept page %d ms after the standby resumed replay%n",
                (System.nanoTime() - resumed) / 1_000_000);
        assertThat(get("/archive/" + publicId).body()).doesNotContain(SECRET).contains("Removed by moderators");
    }

    /**
     * From the writer's commit (Kafka's acknowledgement of the removal) to the kept page without the
     * message: on this Milk, reading the standby, and on a reads replica of the same writer that
     * reads the primary, polled side by side.
     */
    @Test
    void removalsReachKeptPagesThroughTheStandbyWithinMomentsOfThePrimary() throws Exception {
        List<Long> viaStandby = new ArrayList<>();
        List<Long> viaPrimary = new ArrayList<>();
        try (ConfigurableApplicationContext onPrimary = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=reads", "--milk.http.port=0", "--milk.database.url=" + pair.primary().url(),
                "--milk.database.username=postgres", "--milk.reads.cache.revalidate=1h",
                "--milk.reads.rate-limit.per-second=0")) {
            for (int i = 0; i < 5; i++) {
                String archiveId = Archives.newId();
                String json = "/archive/" + sealedArchive(archiveId) + ".json";
                for (int kept = 0; kept < 2; kept++) {
                    assertThat(get(milk, json).body()).contains(SECRET);
                    assertThat(get(onPrimary, json).body()).contains(SECRET);
                }
                long sent = System.nanoTime();
                archives.redact(archiveId, List.of(Archives.message(0).id()), "privacy", "500").get();
                long standbyShown = 0;
                long primaryShown = 0;
                while ((standbyShown == 0 || primaryShown == 0) && System.nanoTime() - sent < 10_000_000_000L) {
                    if (standbyShown == 0 && !get(milk, json).body().contains(SECRET)) {
                        standbyShown = System.nanoTime();
                    }
                    if (primaryShown == 0 && !get(onPrimary, json).body().contains(SECRET)) {
                        primaryShown = System.nanoTime();
                    }
                }
                assertThat(standbyShown).as("the removal shown by the replica reading the standby").isPositive();
                assertThat(primaryShown).as("the removal shown by the replica reading the primary").isPositive();
                viaStandby.add((standbyShown - sent) / 1_000_000);
                viaPrimary.add((primaryShown - sent) / 1_000_000);
            }
        }
        System.out.println("standby: removal sent to kept page changed, ms, reading the standby " + viaStandby
                + ", reading the primary " + viaPrimary);
    }

    @Test
    void liveArchivesAndRaidsReadFromTheStandbySayHowFreshTheyAreAndSearchesReadItToo() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(Archives.message(0, "live and replicated", null, List.of(), List.of())))
                .get();
        String page = "/archive/" + publicId;
        Waits.upTo(Duration.ofSeconds(30)).alias("the live message").until(() -> get(page).body().contains("live and replicated"));
        assertThat(get(page).body()).contains("still being archived").containsPattern(FRESHNESS);
        double searches = connections("milk-reads-search-standby");
        assertThat(get(page + "?q=replicated").body()).as("a search").contains("replicated");
        assertThat(connections("milk-reads-search-standby")).as("searched on the standby").isGreaterThan(searches);

        String raid = "/raid/" + raids.createRaid(Archives.newId(), Archives.GUILD).get().publicId() + ".html";
        Waits.upTo(Duration.ofSeconds(30)).alias("the live raid").until(() -> get(raid).statusCode() == 200);
        assertThat(get(raid).body()).contains("still going on").containsPattern(FRESHNESS);
    }

    /**
     * Past the setting the pages read the primary, and the replica stays ready: every replica shares
     * the standby, and out of service together they would answer nothing at all.
     */
    @Test
    void aStandbyLaggingPastTheSettingSendsThePagesToThePrimaryUntilItCatchesUp() throws Exception {
        String live = "/archive/" + archives.create(Archives.created(Archives.newId(), null)).get();
        assertThat(health()).isEqualTo(200);
        pair.pauseReplay();
        long movedAfter;
        long paused = System.nanoTime();
        try {
            // Something to replay: the lag counts from when the primary had flushed it.
            archives.create(Archives.created(Archives.newId(), null)).get();
            Waits.upTo(MAX_LAG.plusSeconds(15)).alias("the pages on the primary").until(() -> !readingStandby());
            movedAfter = System.nanoTime() - paused;
            assertThat(gauge("milk.reads.standby.lag")).isGreaterThan(MAX_LAG.toSeconds());
            assertThat(health()).as("still ready").isEqualTo(200);
            assertThat(get(live).statusCode()).as("still answering, from the primary").isEqualTo(200);
            assertThat(get(live).body()).as("read from the primary").doesNotContain("from a replica");
        } finally {
            pair.resumeReplay();
        }
        long resumed = System.nanoTime();
        Waits.upTo(Duration.ofSeconds(15)).alias("the standby read again").until(StandbyReadsTest::readingStandby);
        System.out.printf("standby: pages on the primary %d ms after the pause (max lag %d s), on the standby %d ms after the resume%n",
                movedAfter / 1_000_000, MAX_LAG.toSeconds(), (System.nanoTime() - resumed) / 1_000_000);
        assertThat(gauge("milk.reads.standby.lag")).isLessThan(MAX_LAG.toSeconds());
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void theStandbyStoppedThePagesAnswerFromThePrimaryAndReadItAgainOnceItIsBack() throws Exception {
        String archiveId = Archives.newId();
        String live = "/archive/" + archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(Archives.message(0))).get();
        Waits.upTo(Duration.ofSeconds(30)).alias("the live message").until(() -> get(live).body().contains("message 0"));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (ExecutorService visitors = Executors.newFixedThreadPool(4)) {
            List<Future<?>> loops = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                loops.add(visitors.submit(() -> {
                    while (reading.get()) {
                        statuses.computeIfAbsent(get(live).statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            Thread.sleep(500);
            long stopping = System.nanoTime();
            pair.stopStandby();
            long stopped = System.nanoTime();
            Waits.upTo(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).alias("the pages on the primary")
                    .until(() -> !readingStandby());
            long failedOver = System.nanoTime();
            assertThat(get(live).body()).as("read from the primary").contains("message 0").doesNotContain("from a replica");
            // What the primary takes meanwhile is not replayed: the lag grows, as the standby will have it once back.
            archives.addMessages(archiveId, List.of(Archives.message(1))).get();
            Waits.upTo(Duration.ofSeconds(30)).alias("the live page with the message the standby lacks")
                    .until(() -> get(live).body().contains("message 1"));
            Waits.upTo(Duration.ofSeconds(10)).alias("the lag growing while the standby is down")
                    .until(() -> gauge("milk.reads.standby.lag") >= 2);

            pair.startStandby();
            long started = System.nanoTime();
            Waits.upTo(Duration.ofSeconds(30)).alias("the standby read again").until(() -> readingStandby());
            long back = System.nanoTime();
            Waits.upTo(Duration.ofSeconds(10)).alias("the live page from the standby, with what it replayed")
                    .until(() -> get(live).body().contains("from a replica") && get(live).body().contains("message 1"));
            assertThat(gauge("milk.reads.standby.lag")).isLessThan(MAX_LAG.toSeconds());
            reading.set(false);
            for (Future<?> loop : loops) {
                loop.get();
            }
            System.out.printf("standby: stop took %d ms, pages on the primary %d ms after the stop began; "
                    + "read again %d ms after the start; answers by status %s%n", (stopped - stopping) / 1_000_000,
                    (failedOver - stopping) / 1_000_000, (back - started) / 1_000_000, new TreeMap<>(statuses));
        }
        assertThat(statuses).as("answers by status").doesNotContainKey(500).containsKey(200);
        assertThat(statuses.keySet()).as("only 200s, and a 503 for a query cut by the stop at most").isSubsetOf(200, 503);
    }

    /** A reads replica started while its standby is down serves from the primary, and reads the standby once it is up. */
    @Test
    void aReplicaStartedWhileTheStandbyIsDownReadsThePrimaryUntilTheStandbyAnswers() throws Exception {
        String archiveId = Archives.newId();
        String live = "/archive/" + archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(Archives.message(0))).get();
        Waits.upTo(Duration.ofSeconds(30)).alias("the live message").until(() -> get(live).body().contains("message 0"));
        pair.stopStandby();
        boolean up = false;
        try (ConfigurableApplicationContext reads = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=reads", "--milk.http.port=0", "--milk.database.url=" + pair.primary().url(),
                "--milk.database.username=postgres", "--milk.reads.standby.url=" + pair.standby().url(),
                "--milk.reads.rate-limit.per-second=0")) {
            assertThat(get(reads, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get(reads, live).body()).as("from the primary").contains("message 0").doesNotContain("from a replica");
            pair.startStandby();
            up = true;
            Waits.upTo(Duration.ofSeconds(30)).alias("the live page from the standby")
                    .until(() -> get(reads, live).body().contains("from a replica"));
        } finally {
            if (!up) {
                pair.startStandby();
            }
        }
    }

    private static String sealedArchive(String archiveId) throws Exception {
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(Archives.message(0, SECRET, null, List.of(), List.of()),
                Archives.message(1))).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        Waits.upTo(Duration.ofSeconds(30)).alias("sealed, as the standby has it").until(() ->
                "max-age=5, public".equals(get("/archive/" + publicId + ".json").headers().firstValue("Cache-Control").orElse(""))
                        && get("/archive/" + publicId + ".json").body().contains(SECRET));
        return publicId;
    }

    private static int redactions(TestDatabase database, String archiveId) throws Exception {
        try (Connection connection = database.connect();
             var statement = connection.prepareStatement("SELECT count(*) FROM archive_redaction r "
                     + "JOIN archive a ON a.id = r.archive_id WHERE a.internal_id = ?")) {
            statement.setString(1, archiveId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static boolean readingStandby() {
        return gauge("milk.reads.standby.read") == 1;
    }

    private static double gauge(String name) {
        return milk.getBean(MeterRegistry.class).get(name).gauge().value();
    }

    private static double connections(String pool) {
        return milk.getBean(MeterRegistry.class).get("hikaricp.connections.acquire").tag("pool", pool).timer().count();
    }

    private static int health() {
        return get("/actuator/health/readiness").statusCode();
    }

    private static HttpResponse<String> get(String path) {
        return get(milk, path);
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext reads, String path) {
        return LocalPorts.get(LocalPorts.of(reads, path), path);
    }
}
