package dev.milk.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;

import dev.milk.processes.KafkaBrokerProcess;

/** What PostgreSQL and Kafka do alone with the benchmark's accounts: the ingest's baselines. */
final class Baselines {

    private Baselines() {
    }

    /**
     * The best of {@code runs} bare {@code COPY}s of the raid's rows (as {@link BenchBot#accountsValue}
     * makes them) into a new table with {@code raid_user}'s keys, in rows a second. The rows are
     * written to a file in {@code dir} before the clock starts (ten million do not fit in the
     * harness's heap) and read from the page cache as PostgreSQL takes them.
     */
    static double bareCopy(String jdbcUrl, Path dir, int accounts, int runs) throws Exception {
        Path rows = dir.resolve("copy-baseline.csv");
        try (var csv = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
            for (int i = 0; i < accounts; i++) {
                csv.append("1,").append(Long.toString(1_200_000_000_000_000_000L + i)).append(",raider_")
                        .append(Integer.toString(i, 36)).append(",,")
                        .append(Instant.ofEpochMilli(1_700_000_000_000L + i).toString()).append(',')
                        .append(Instant.ofEpochMilli(1_763_899_000_000L + i / 100).toString()).append('\n');
            }
        }
        double best = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            for (int run = 0; run < runs; run++) {
                db.createStatement().execute("DROP TABLE IF EXISTS bench_copy");
                db.createStatement().execute("CREATE TABLE bench_copy (LIKE raid_user INCLUDING ALL)");
                long start = System.nanoTime();
                try (var in = Files.newInputStream(rows)) {
                    db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy FROM STDIN (FORMAT csv)", in,
                            1 << 20);
                }
                best = Math.max(best, accounts / ((System.nanoTime() - start) / 1e9));
            }
            db.createStatement().execute("DROP TABLE bench_copy");
        } finally {
            Files.delete(rows);
        }
        return best;
    }

    /**
     * A plain consumer reading the raid topic from its start to its end, values untouched: the
     * accounts a second Kafka alone delivers (the topic also holds the replies, read and skipped).
     */
    static double kafkaDrain(KafkaBrokerProcess broker, int accountsPerRecord) {
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
            return (double) batches * accountsPerRecord / ((System.nanoTime() - start) / 1e9);
        }
    }
}
