package dev.milk.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.milk.archive.CdnStandIn;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.FaultTest;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;
import dev.milk.testing.TimeScale;

/**
 * A rolling update is safe: the writer of the previous release (the newest commit before this
 * commit's schema changed, built by {@link PreviousRelease}) and this commit's share one
 * PostgreSQL database and one Kafka broker in the order Docker Swarm's start-first update goes
 * through, then back, as its rollback does:
 * <ol>
 * <li>the previous writer alone migrates an empty database to its schema and takes round 1;</li>
 * <li>this commit's writer starts, migrating to this commit's schema, while the previous one runs on
 * in the same consumer groups and the bot keeps publishing; round 2 is answered by both, the
 * records split between them by partition;</li>
 * <li>the previous writer stops; this commit's takes round 3 alone;</li>
 * <li>the rollback: the previous writer starts again on this commit's schema (Flyway leaves a
 * migration it does not know alone), both answer round 4; this commit's stops and the previous
 * takes round 5 alone, and the last records.</li>
 * </ol>
 * A reads process of each release serves throughout. Each raid and archive is written in two phases
 * (opened in one round, finished in the next: messages, edits, removals, accounts, the seal and the
 * conclusion). Archives' messages show files on the CDN stand-in, copied by the writers with media
 * copying on: each round waits for its copies, so those of rounds 1 and 5 are made by the previous
 * writer alone, those of round 3 by this commit's alone. Then nothing is in a dead-letter topic,
 * every request was answered, the reads routes of this commit and of the previous release answer
 * every message, version, removal and account the bot sent, this commit's reads serve a copy of
 * every file shown (the bytes the CDN served, by their SHA-256), and the previous release's reads
 * the copies its own writers made. They are not asked for those this commit's writers made: until
 * the update ends, a previous release may not know where this one keeps its copies (README,
 * Upgrading). Logs: target/rolling-update.
 */
@FaultTest
class RollingUpdateIT {

    private static final Path CURRENT = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "rolling-update").toAbsolutePath();
    /** Every wait's deadline, generous on purpose (a busy two-core machine); a wait ends once its outcome holds. */
    private static final Duration IDLE_PATIENCE = Duration.ofMinutes(4);
    /** The same, scaled for this machine; MilkProcess scales what it is given itself, so it gets IDLE_PATIENCE. */
    private static final Duration PATIENCE = TimeScale.of(IDLE_PATIENCE);
    /** The rounds played with the previous writer alone, whose copies it made. */
    private static final Set<String> PREVIOUS_ALONE = Set.of("1", "5");

    @Test
    void thePreviousReleaseAndThisCommitWriteSideBySideInBothDirections() throws Exception {
        clean(DIR);
        Instant start = Instant.now();
        PreviousRelease.Jar previous = PreviousRelease.jar(DIR.resolve("previous-release-build.log"));
        System.out.println("RollingUpdateIT runs the release of " + previous.commit() + " beside this commit's: "
                + previous.why());
        Map<String, Duration> took = new LinkedHashMap<>();
        took.put("previous release " + previous.commit() + " ready", Duration.between(start, Instant.now()));
        TestDatabase database = TestPostgres.anotherDatabase();
        try (var broker = new KafkaBrokerProcess(DIR, Deployment.ARCHIVE_PARTITIONS)) {
            broker.start();
            CdnStandIn cdn = CdnStandIn.shared();
            CdnFiles files = new CdnFiles(cdn);
            try (var milk = new Deployment(DIR, database, broker.bootstrapServers(), cdn)) {
                Instant phase = Instant.now();
                milk.start("previous", previous.path(), "writes");
                MilkProcess previousReads = milk.start("reads-previous", previous.path(), "reads");
                milk.awaitWriters(1, PATIENCE, () -> { });
                try (var bot = new ReleaseBot(broker.bootstrapServers(), Deployment.ARCHIVE_PARTITIONS, cdn)) {
                    round(bot, milk, "1", "with the previous writer alone");
                    previousReads.awaitStatus("/raid/AAAAAAAAAAAA", 404, IDLE_PATIENCE);
                    awaitViews(milk, bot, database, previousReads, "the previous release's reads, before the update");
                    took.put("1: previous writer alone", Duration.between(phase, phase = Instant.now()));

                    milk.start("current", CURRENT, "writes");
                    MilkProcess currentReads = milk.start("reads-current", CURRENT, "reads");
                    milk.awaitWriters(2, PATIENCE, trickle(bot, "2"));
                    round(bot, milk, "2", "with both writers, the schema migrated by this commit's");
                    assertThat(bot.answeredBy("2"))
                            .as(() -> "round 2, split by partition between both writers\n" + milk.seen())
                            .containsExactlyInAnyOrder("previous", "current");
                    took.put("2: both, this commit's migrated", Duration.between(phase, phase = Instant.now()));

                    milk.stop("previous");
                    milk.awaitWriters(1, PATIENCE, trickle(bot, "3"));
                    round(bot, milk, "3", "with this commit's writer alone");
                    assertThat(bot.answeredBy("3")).as(() -> "round 3, the previous writer gone\n" + milk.seen())
                            .containsExactly("current");
                    took.put("3: this commit's writer alone", Duration.between(phase, phase = Instant.now()));

                    milk.start("previous-again", previous.path(), "writes");
                    milk.awaitWriters(2, PATIENCE, trickle(bot, "4"));
                    round(bot, milk, "4", "with both writers, the previous one started again (rollback)");
                    assertThat(bot.answeredBy("4")).as(() -> "round 4, the rollback under way\n" + milk.seen())
                            .containsExactlyInAnyOrder("previous-again", "current");
                    milk.stop("current");
                    milk.awaitWriters(1, PATIENCE, trickle(bot, "5"));
                    round(bot, milk, "5", "with the previous writer alone on this commit's schema (rolled back)");
                    assertThat(bot.answeredBy("5")).as(() -> "round 5, rolled back\n" + milk.seen())
                            .containsExactly("previous-again");
                    finish(bot, milk, "6", "with the previous writer alone on this commit's schema (rolled back)");
                    took.put("4: rollback, previous writer on this commit's schema", Duration.between(phase,
                            phase = Instant.now()));

                    currentReads.awaitStatus("/raid/AAAAAAAAAAAA", 404, IDLE_PATIENCE);
                    awaitViews(milk, bot, database, currentReads, "this commit's reads");
                    awaitViews(milk, bot, database, previousReads, "the previous release's reads, on this commit's schema");
                    awaitCopies(milk, bot, files, database, currentReads, url -> true,
                            "this commit's reads serving a copy of every file shown");
                    // A file shown again later is copied once: by the writers of the round that first showed it.
                    Map<String, String> firstShown = bot.media().stream().collect(Collectors.toMap(
                            ReleaseBot.Medium::url, ReleaseBot.Medium::round, (first, later) -> first));
                    awaitCopies(milk, bot, files, database, previousReads,
                            url -> PREVIOUS_ALONE.contains(firstShown.get(url)),
                            "the previous release's reads serving the copies its writer made alone");
                    milk.assertNoDeadLetters("in all, of " + bot.sent());
                    took.put("checked", Duration.between(phase, Instant.now()));
                    took.put("in all", Duration.between(start, Instant.now()));
                    System.out.println("Rolling update against " + previous.commit() + " (" + previous.why() + "): "
                            + bot.sent() + "; seconds: "
                            + took.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toSeconds()).toList());
                }
            }
        }
    }

    /**
     * Opens a round, waits for its answers, then seals and concludes what it finished and waits
     * again; fails at once if anything was dead-lettered, naming the phase.
     */
    private static void round(ReleaseBot bot, Deployment milk, String round, String phase) {
        play(bot, milk, round, phase, true);
    }

    /** The last round: everything still open is finished, sealed and concluded. */
    private static void finish(ReleaseBot bot, Deployment milk, String round, String phase) {
        play(bot, milk, round, phase, false);
    }

    private static void play(ReleaseBot bot, Deployment milk, String round, String phase, boolean fresh) {
        bot.open(round, fresh);
        bot.awaitAnswered(round, PATIENCE, milk::seen);
        bot.close(round);
        bot.awaitAnswered(round, PATIENCE, milk::seen);
        milk.awaitCopies(bot.media(round), "copies of the files of round " + round + ", " + phase, PATIENCE);
        milk.assertNoDeadLetters("by round " + round + ", " + phase);
    }

    /** While a writer starts or stops, the bot keeps sending: a record of messages about every second. */
    private static Runnable trickle(ReleaseBot bot, String round) {
        AtomicInteger looks = new AtomicInteger();
        return () -> {
            int look = looks.getAndIncrement();
            if (look % 4 == 0) {
                bot.trickle(round, look / 4);
            }
        };
    }

    /**
     * Waits until {@code reads} answers what the bot sent (seals carry no reply, so the last ones
     * may still be on their way); fails with the lines missing and the lines not expected.
     */
    private static void awaitViews(Deployment milk, ReleaseBot bot, TestDatabase database, MilkProcess reads, String who)
            throws Exception {
        Map<String, String> archives = publicIds(database, "archive", bot.archiveIds());
        Map<String, String> raids = publicIds(database, "raid", bot.raidIds());
        awaitLines(milk, bot.expected(), () -> View.read(reads.port, archives, raids),
                who + " answering every raid and archive as sent");
    }

    /**
     * Waits until {@code reads} lists a stored copy of each file {@code wanted} (by URL) where the
     * bot's messages show it, and serves it with the bytes the CDN served.
     */
    private static void awaitCopies(Deployment milk, ReleaseBot bot, CdnFiles files, TestDatabase database,
            MilkProcess reads, Predicate<String> wanted, String what) throws Exception {
        Map<String, String> archives = publicIds(database, "archive", bot.archiveIds());
        List<String> expected = bot.media().stream().filter(m -> wanted.test(m.url()))
                .map(m -> View.copy(m.archive(), m.message(), m.url(), "stored", files.sha256(m.url()))).toList();
        awaitLines(milk, expected, () -> View.copies(reads.port, archives, wanted), what);
    }

    /** Waits until {@code read} gives the {@code expected} lines; fails with those missing and those not expected. */
    private static void awaitLines(Deployment milk, List<String> expected, Supplier<List<String>> read, String what) {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            milk.await(() -> {
                last.set(0, read.get());
                return Set.copyOf(last.getFirst()).equals(Set.copyOf(expected)) && last.getFirst().size() == expected.size();
            }, what, PATIENCE, () -> { });
        } catch (AssertionError e) {
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(last.getFirst());
            List<String> unexpected = new ArrayList<>(last.getFirst());
            unexpected.removeAll(expected);
            throw new AssertionError(what + ": " + missing.size() + " lines of what was sent missing, " + unexpected.size()
                    + " lines not sent, of " + expected.size() + "\nmissing:\n  "
                    + String.join("\n  ", missing.subList(0, Math.min(20, missing.size()))) + "\nnot sent:\n  "
                    + String.join("\n  ", unexpected.subList(0, Math.min(20, unexpected.size()))) + "\n" + e.getMessage(), e);
        }
    }

    /** The public ids of the bot's raids or archives, as the writers assigned them. */
    private static Map<String, String> publicIds(TestDatabase database, String table, List<String> internalIds)
            throws Exception {
        Map<String, String> publicIds = new LinkedHashMap<>();
        try (var db = database.connect();
                var query = db.prepareStatement("SELECT public_id FROM " + table + " WHERE internal_id = ?")) {
            for (String id : internalIds) {
                query.setString(1, id);
                try (var rows = query.executeQuery()) {
                    publicIds.put(id, rows.next() ? rows.getString("public_id") : "never-stored");
                }
            }
        }
        return publicIds;
    }

    private static void clean(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}
