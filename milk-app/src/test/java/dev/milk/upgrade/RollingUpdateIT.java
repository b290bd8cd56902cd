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

import org.junit.jupiter.api.Test;

import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;

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
 * conclusion). Then nothing is in a dead-letter topic, every request was answered, and the reads
 * routes of this commit and of the previous release answer every message, version, removal and
 * account the bot sent. Logs: target/rolling-update.
 */
class RollingUpdateIT {

    private static final Path CURRENT = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path DIR = Path.of("target", "rolling-update").toAbsolutePath();
    /** Every wait's deadline, for a busy two-core machine: a wait ends as soon as its outcome holds. */
    private static final Duration PATIENCE = Duration.ofMinutes(4);

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
            try (var milk = new Deployment(DIR, database, broker.bootstrapServers())) {
                Instant phase = Instant.now();
                milk.start("previous", previous.path(), "writes");
                MilkProcess previousReads = milk.start("reads-previous", previous.path(), "reads");
                milk.awaitWriters(1, PATIENCE, () -> { });
                try (var bot = new ReleaseBot(broker.bootstrapServers(), Deployment.ARCHIVE_PARTITIONS)) {
                    round(bot, milk, "1", "with the previous writer alone");
                    previousReads.awaitStatus("/raid/AAAAAAAAAAAA", 404, PATIENCE);
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

                    currentReads.awaitStatus("/raid/AAAAAAAAAAAA", 404, PATIENCE);
                    awaitViews(milk, bot, database, currentReads, "this commit's reads");
                    awaitViews(milk, bot, database, previousReads, "the previous release's reads, on this commit's schema");
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
        List<String> expected = bot.expected();
        Map<String, String> archives = publicIds(database, "archive", bot.archiveIds());
        Map<String, String> raids = publicIds(database, "raid", bot.raidIds());
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            milk.await(() -> {
                last.set(0, View.read(reads.port, archives, raids));
                return Set.copyOf(last.getFirst()).equals(Set.copyOf(expected)) && last.getFirst().size() == expected.size();
            }, who + " answering every raid and archive as sent", PATIENCE, () -> { });
        } catch (AssertionError e) {
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(last.getFirst());
            List<String> unexpected = new ArrayList<>(last.getFirst());
            unexpected.removeAll(expected);
            throw new AssertionError(who + ": " + missing.size() + " lines of what was sent missing, " + unexpected.size()
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
