package dev.milk.upgrade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.milk.archive.CdnStandIn;
import dev.milk.processes.ChildProcesses;
import dev.milk.processes.MilkProcess;
import dev.milk.processes.WireBot;
import dev.milk.testing.TestDatabase;

/**
 * Milk's processes of a rolling update, any release's jar, on one database and one broker, with
 * the settings a deployment gives them as environment variables, media copying on (from the CDN
 * stand-in, by the CDN's names: a hosts file for the JVM and the stand-in's certificate as the
 * trust store). A writer is ready when its consumers hold partitions in both of Milk's consumer
 * groups: that is what a rolling update hands over, and every release can be asked about it the
 * same way, wherever its health endpoints live. Whatever fails says what was seen: each process's log, the groups, the DLTs.
 */
final class Deployment implements AutoCloseable {

    static final int RAID_PARTITIONS = 3;
    static final int ARCHIVE_PARTITIONS = 6;
    private static final List<String> GROUPS = List.of("milk-writes." + WireBot.RAIDS, "milk-writes." + WireBot.ARCHIVES);
    private static final List<String> DEAD_LETTERS = List.of(WireBot.RAIDS + ".DLT", WireBot.ARCHIVES + ".DLT");

    private final Path dir;
    private final TestDatabase database;
    private final String bootstrapServers;
    private final CdnStandIn cdn;
    private final Path hosts;
    private final Admin admin;
    private final Map<String, MilkProcess> processes = new LinkedHashMap<>();
    private final Set<String> stopped = new HashSet<>();

    Deployment(Path dir, TestDatabase database, String bootstrapServers, CdnStandIn cdn) throws IOException {
        this.dir = dir;
        this.database = database;
        this.bootstrapServers = bootstrapServers;
        this.cdn = cdn;
        // The writers reach the stand-in by the CDN's names, as TestHosts does for the test JVM.
        this.hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 cdn.discordapp.com media.discordapp.net\n");
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** Starts {@code jar} in {@code role} as {@code name} (also its writer's {@code source-instance}); returns at once. */
    MilkProcess start(String name, Path jar, String role) throws IOException {
        MilkProcess milk = MilkProcess.start(jar, dir, name, role, database.url(), bootstrapServers,
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-Djdk.net.hosts.file=" + hosts), Map.of(
                        "MILK_DATABASE_USERNAME", database.username(),
                        "MILK_DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
                        "MILK_WRITES_RAID_PARTITIONS", Integer.toString(RAID_PARTITIONS),
                        "MILK_WRITES_ARCHIVE_PARTITIONS", Integer.toString(ARCHIVE_PARTITIONS),
                        "MILK_MEDIA_COPY", "true",
                        "MILK_MEDIA_TRUST_STORE", cdn.keystore().toString(),
                        "MILK_MEDIA_TRUST_STORE_PASSWORD", CdnStandIn.PASSWORD,
                        "MILK_MEDIA_ALLOWED_NETWORKS", "127.0.0.1/32",
                        "MILK_MEDIA_INTERVAL", "200ms"));
        processes.put(name, milk);
        return milk;
    }

    /** SIGTERM, as Swarm stops a task: the writer commits the batch in hand and leaves its groups. */
    void stop(String name) {
        stopped.add(name);
        processes.get(name).stop();
    }

    /**
     * Waits until exactly {@code writers} consumers are in each of Milk's groups, each holding a
     * partition, while {@code meanwhile} runs between looks (the bot keeps publishing).
     */
    void awaitWriters(int writers, Duration patience, Runnable meanwhile) {
        await(() -> holders().values().stream().allMatch(n -> n == writers), writers + " writers holding partitions in "
                + GROUPS, patience, meanwhile);
    }

    /** Polls {@code outcome} until it holds, failing with what was seen after {@code patience}. */
    void await(BooleanSupplier outcome, String what, Duration patience, Runnable meanwhile) {
        Instant deadline = Instant.now().plus(patience);
        while (!outcome.getAsBoolean()) {
            processes.forEach((name, milk) -> {
                if (!ProcessHandle.of(milk.pid()).map(ProcessHandle::isAlive).orElse(false) && !stopped.contains(name)) {
                    throw new AssertionError(name + " exited while waiting for " + what + "\n" + seen());
                }
            });
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " after " + patience + "\n" + seen());
            }
            meanwhile.run();
            ChildProcesses.pause(250);
        }
    }

    /**
     * Waits until the writers copied every file of {@code media} ({@code archive_media} rows
     * {@code stored}); fails at once, naming them, when any was given up ({@code failed}).
     */
    void awaitCopies(List<ReleaseBot.Medium> media, String what, Duration patience) {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        await(() -> {
            last.set(0, copyStates(media));
            List<String> failed = last.getFirst().stream().filter(state -> state.endsWith(": failed")).toList();
            if (!failed.isEmpty()) {
                throw new AssertionError(failed.size() + " copies given up, " + what + ":\n  "
                        + String.join("\n  ", failed) + "\n" + seen());
            }
            return last.getFirst().stream().allMatch(state -> state.endsWith(": stored"));
        }, what, patience, () -> { });
    }

    /** Each file's row as the writers keep it: "archive A message M URL[ (error)]: state". */
    private List<String> copyStates(List<ReleaseBot.Medium> media) {
        try (var db = database.connect(); var query = db.prepareStatement("""
                SELECT sent.archive, sent.message, sent.url, coalesce(m.state, 'not queued') AS state, m.error
                FROM unnest(?::text[], ?::bigint[], ?::text[]) AS sent(archive, message, url)
                LEFT JOIN archive a ON a.internal_id = sent.archive
                LEFT JOIN archive_media m ON m.archive_id = a.id AND m.message_id = sent.message AND m.url = sent.url
                ORDER BY sent.archive, sent.message, sent.url""")) {
            query.setArray(1, db.createArrayOf("text", media.stream().map(ReleaseBot.Medium::archive).toArray()));
            query.setArray(2, db.createArrayOf("bigint", media.stream().map(ReleaseBot.Medium::message).toArray()));
            query.setArray(3, db.createArrayOf("text", media.stream().map(ReleaseBot.Medium::url).toArray()));
            List<String> states = new ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    String error = rows.getString("error");
                    // The state last: what the waits look for.
                    states.add("archive " + rows.getString("archive") + " message " + rows.getLong("message") + " "
                            + rows.getString("url") + (error == null ? "" : " (" + error + ")") + ": "
                            + rows.getString("state"));
                }
            }
            return states;
        } catch (SQLException e) {
            throw new AssertionError("could not read the copies' rows: " + e, e);
        }
    }

    /** Per group, how many of its members hold at least one partition (none while the group does not exist). */
    Map<String, Long> holders() {
        Map<String, Long> holders = new LinkedHashMap<>();
        GROUPS.forEach(group -> holders.put(group, 0L));
        try {
            admin.describeConsumerGroups(GROUPS).all().get().forEach((group, description) -> holders.put(group,
                    description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count()));
        } catch (ExecutionException e) {
            // A group not created yet: nobody holds anything.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return holders;
    }

    /** Every dead letter of Milk's topics: the key, the reason Milk gave and where the record came from. */
    List<String> deadLetters() {
        List<String> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : DEAD_LETTERS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.topic() + " " + r.key() + " (from "
                        + header(r.headers().lastHeader("kafka_dlt-original-partition")) + "@"
                        + header(r.headers().lastHeader("kafka_dlt-original-offset")) + "): "
                        + header(r.headers().lastHeader("kafka_dlt-exception-message"))));
            }
        }
        return letters;
    }

    /** Fails, saying what was seen, when any record of Milk's topics was dead-lettered. */
    void assertNoDeadLetters(String when) {
        List<String> letters = deadLetters();
        if (!letters.isEmpty()) {
            throw new AssertionError(letters.size() + " records dead-lettered " + when + ", the first: " + letters.getFirst()
                    + "\n" + seen());
        }
    }

    /** What a failure message shows: the consumer groups, the dead letters and the end of every process's log. */
    String seen() {
        StringBuilder seen = new StringBuilder();
        seen.append("consumer groups (members holding partitions): ").append(holders()).append('\n');
        List<String> letters = deadLetters();
        seen.append(letters.size()).append(" dead letters").append(letters.isEmpty() ? "" : ":\n  ")
                .append(letters.stream().limit(20).collect(Collectors.joining("\n  "))).append('\n');
        processes.keySet().forEach(name -> seen.append("---- the end of ").append(dir.resolve(name + ".log"))
                .append(" ----\n").append(ChildProcesses.tail(dir.resolve(name + ".log"))).append('\n'));
        return seen.toString();
    }

    private static String header(Header header) {
        if (header == null) {
            return "?";
        }
        byte[] value = header.value();
        // Spring Kafka writes partition and offset as big-endian binary numbers.
        if (value.length == 4) {
            return Integer.toString(ByteBuffer.wrap(value).getInt());
        }
        if (value.length == 8) {
            return Long.toString(ByteBuffer.wrap(value).getLong());
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        processes.values().forEach(MilkProcess::close);
        admin.close(Duration.ofSeconds(10));
    }
}
