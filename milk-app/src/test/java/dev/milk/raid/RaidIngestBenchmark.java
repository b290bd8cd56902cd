package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.client.MilkClientSettings;
import dev.milk.client.MilkRaidClient;
import dev.milk.testing.BenchTest;
import dev.milk.testing.TestKafka;
import dev.milk.wire.EventJson;

/**
 * Not a test (the name keeps it out of {@code ./mvnw verify}): run {@code bench/raid-ingest.sh}.
 * Prints how fast a 1,000,000-account raid goes from Kafka into PostgreSQL through Milk, next to
 * a baseline measured in the same run on the same database: a bare COPY of the same rows into a
 * table with the same keys. Each is measured with and without {@code raid_user_by_user}, the
 * index that finds an account in other raids (issue 26), so the run says what that index costs.
 * Every run of Milk starts from an empty {@code raid_user} (this run's own database), and the
 * runs with and without the index alternate, so a busy machine's drift falls on both.
 */
@BenchTest
class RaidIngestBenchmark extends MilkEndToEndTest {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 1_000_000);
    /** 10,000, the protocol's most; {@code bench/run.sh} sends 1,000, as Beemo does. */
    private static final int PER_RECORD = Integer.getInteger("bench.per-record", 10_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final String USER_INDEX = "raid_user_by_user";
    /** Whether to measure also without {@link #USER_INDEX} (issue 26's question), doubling the run. */
    private static final boolean WITHOUT_INDEX = Boolean.parseBoolean(System.getProperty("bench.without-index", "true"));

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    /** Every record is sent at once: on a busy machine the last reply may come after the client's default 30 s. */
    private MilkRaidClient bot;

    @Test
    void ingestOfOneMillionAccounts() throws Exception {
        bot = new MilkRaidClient(MilkClientSettings.raids(TestKafka.bootstrapServers())
                .withReplyTimeout(Duration.ofMinutes(10)));
        List<RaidUser> users = scattered(accounts(500_000_000_000_000_000L, ACCOUNTS, 1_763_899_000_000L, 1));
        List<String> report = new ArrayList<>();
        report.add("accounts: " + ACCOUNTS + ", " + PER_RECORD + " per record, JVM " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");

        double baseline = bestOf(RUNS, () -> copyBaseline(users, true));
        report.add(String.format("baseline  COPY into an indexed table: %,10.0f accounts/s", baseline));
        double baselineWithout = WITHOUT_INDEX ? bestOf(RUNS, () -> copyBaseline(users, false)) : 0;
        if (WITHOUT_INDEX) {
            report.add(String.format("baseline  the same without %s: %,10.0f accounts/s", USER_INDEX, baselineWithout));
        }

        double[] with = new double[RUNS];
        double[] without = new double[WITHOUT_INDEX ? RUNS : 0];
        long indexBytes = 0;
        try {
            for (int i = 0; i < RUNS; i++) {
                with[i] = throughMilk(users, true);
                indexBytes = jdbc.queryForObject("SELECT pg_relation_size(?::regclass)", Long.class, USER_INDEX);
                if (WITHOUT_INDEX) {
                    without[i] = throughMilk(users, false);
                }
            }
        } finally {
            userIndex(true);
        }
        double milk = Arrays.stream(with).max().orElseThrow();
        report.add(String.format("milk      Kafka -> writer -> PostgreSQL: %,9.0f accounts/s  (%.2f x baseline), "
                + "%d accounts in %.2f s; runs %s", milk, milk / baseline, ACCOUNTS, ACCOUNTS / milk, rates(with)));
        if (WITHOUT_INDEX) {
            double milkWithout = Arrays.stream(without).max().orElseThrow();
            report.add(String.format("milk      the same without %s: %,9.0f accounts/s  (%.2f x its baseline)",
                    USER_INDEX, milkWithout, milkWithout / baselineWithout));
            report.add(String.format("%s: milk at %.2f of its rate without it (runs with %s, without %s), "
                    + "COPY at %.2f; %d MiB for the raid's accounts", USER_INDEX, milk / milkWithout, rates(with),
                    rates(without), baseline / baselineWithout, indexBytes >> 20));
        }

        bot.close();
        Runtime runtime = Runtime.getRuntime();
        report.add(String.format("heap in use after the run: %d MiB of %d MiB max",
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20));
        report.forEach(System.out::println);
        Path out = Path.of("target/benchmarks/raid-ingest.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    /**
     * The same ids, shuffled (a fixed seed: every run alike): a real raid's ids do not ascend in join
     * order, so the user-id index takes them all over its leaves, not only at its right edge, its
     * cheapest case.
     */
    private static List<RaidUser> scattered(List<RaidUser> users) {
        List<String> ids = new ArrayList<>(users.stream().map(RaidUser::id).toList());
        Collections.shuffle(ids, new Random(26));
        List<RaidUser> scattered = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            RaidUser user = users.get(i);
            scattered.add(new RaidUser(ids.get(i), user.name(), user.avatarHash(), user.createdAtMillis(),
                    user.joinedAtMillis()));
        }
        return scattered;
    }

    /**
     * Accounts per second of one run, through Milk: published as fast as the producer goes, done at
     * the last reply; into an empty {@code raid_user}, with or without the user-id index.
     */
    private double throughMilk(List<RaidUser> users, boolean withUserIndex) throws Exception {
        jdbc.execute("TRUNCATE raid_user");
        userIndex(withUserIndex);
        jdbc.execute("VACUUM ANALYZE raid_user");
        String raidId = "bench-" + UUID.randomUUID();
        List<byte[]> values = new ArrayList<>();
        for (int from = 0; from < users.size(); from += PER_RECORD) {
            values.add(EventJson.write(RaidEnvelope.of(RaidRequest.insertUsers(raidId, GUILD,
                    users.subList(from, Math.min(users.size(), from + PER_RECORD))))));
        }
        long start = System.nanoTime();
        List<CompletableFuture<RaidResponse>> replies = new ArrayList<>();
        for (byte[] value : values) {
            replies.add(bot.send(RaidAction.BATCH_INSERT_RAID_USERS,
                    EventJson.read(value, RaidEnvelope.class).request()));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raidId))
                .isEqualTo(users.size());
        return users.size() / seconds;
    }

    private void userIndex(boolean present) {
        jdbc.execute(present ? "CREATE INDEX IF NOT EXISTS " + USER_INDEX + " ON raid_user (user_id, raid_id)"
                : "DROP INDEX IF EXISTS " + USER_INDEX);
    }

    private static String rates(double[] rates) {
        return Arrays.stream(rates).mapToObj(rate -> String.format("%,.0f", rate)).toList().toString();
    }

    private double copyBaseline(List<RaidUser> users, boolean withUserIndex) throws Exception {
        jdbc.execute("DROP TABLE IF EXISTS bench_copy");
        jdbc.execute("CREATE TABLE bench_copy (LIKE raid_user INCLUDING ALL)");
        if (!withUserIndex) {
            // LIKE ... INCLUDING ALL names its copies of raid_user's indexes by their columns.
            jdbc.queryForList("""
                    SELECT indexrelid::regclass::text FROM pg_index
                    WHERE indrelid = 'bench_copy'::regclass AND pg_get_indexdef(indexrelid) LIKE '%(user_id, raid_id)'""",
                    String.class).forEach(index -> jdbc.execute("DROP INDEX " + index));
        }
        StringBuilder csv = new StringBuilder(users.size() * 90);
        for (RaidUser user : users) {
            csv.append("1,").append(user.id()).append(",\"").append(user.name()).append("\",,")
                    .append(java.time.Instant.ofEpochMilli(user.createdAtMillis())).append(',')
                    .append(java.time.Instant.ofEpochMilli(user.joinedAtMillis())).append('\n');
        }
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_copy FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        jdbc.execute("DROP TABLE bench_copy");
        return users.size() / seconds;
    }

    private interface Run {
        double rate() throws Exception;
    }

    private static double bestOf(int runs, Run run) throws Exception {
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = run.rate();
        }
        return Arrays.stream(rates).max().orElseThrow();
    }
}
