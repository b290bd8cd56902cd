package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.testing.BenchTest;
import dev.milk.wire.EventJson;

/**
 * Not a test (the name keeps it out of {@code ./mvnw verify}): run {@code bench/raid-ingest.sh}.
 * Prints how fast a 1,000,000-account raid goes from Kafka into PostgreSQL through Milk, next to
 * a baseline measured in the same run on the same database: a bare COPY of the same rows into a
 * table with the same keys.
 */
@BenchTest
class RaidIngestBenchmark extends MilkEndToEndTest {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 1_000_000);
    private static final int PER_RECORD = 10_000;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void ingestOfOneMillionAccounts() throws Exception {
        List<RaidUser> users = accounts(500_000_000_000_000_000L, ACCOUNTS, 1_763_899_000_000L, 1);
        List<String> report = new ArrayList<>();
        report.add("accounts: " + ACCOUNTS + ", " + PER_RECORD + " per record, JVM " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");

        double baseline = bestOf(3, () -> copyBaseline(users));
        report.add(String.format("baseline  COPY into an indexed table: %,10.0f accounts/s", baseline));

        double milk = bestOf(3, () -> throughMilk(users));
        report.add(String.format("milk      Kafka -> writer -> PostgreSQL: %,9.0f accounts/s  (%.2f x baseline)",
                milk, milk / baseline));

        Runtime runtime = Runtime.getRuntime();
        report.add(String.format("heap in use after the run: %d MiB of %d MiB max",
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20));
        report.forEach(System.out::println);
        Path out = Path.of("target/benchmarks/raid-ingest.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    /** Seconds of one run, through Milk: published as fast as the producer goes, done at the last reply. */
    private double throughMilk(List<RaidUser> users) throws Exception {
        String raidId = "bench-" + UUID.randomUUID();
        List<byte[]> values = new ArrayList<>();
        for (int from = 0; from < users.size(); from += PER_RECORD) {
            values.add(EventJson.write(RaidEnvelope.of(RaidRequest.insertUsers(raidId, GUILD,
                    users.subList(from, Math.min(users.size(), from + PER_RECORD))))));
        }
        long start = System.nanoTime();
        List<CompletableFuture<RaidResponse>> replies = new ArrayList<>();
        for (byte[] value : values) {
            replies.add(client.send(RaidAction.BATCH_INSERT_RAID_USERS,
                    EventJson.read(value, RaidEnvelope.class).request()));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class, raidId))
                .isEqualTo(users.size());
        return users.size() / seconds;
    }

    private double copyBaseline(List<RaidUser> users) throws Exception {
        jdbc.execute("DROP TABLE IF EXISTS bench_copy");
        jdbc.execute("CREATE TABLE bench_copy (LIKE raid_user INCLUDING ALL)");
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
