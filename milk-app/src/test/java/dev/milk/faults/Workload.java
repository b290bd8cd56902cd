package dev.milk.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.milk.wire.BrokerHeaders;

/**
 * A bot's side of a fault scenario: raids (accounts in records, then a conclusion once every
 * batch is answered) and archives (created, messages, sealed), sent with Beemo's generation 2
 * headers at a steady pace, every reply counted by the request it answers; then the ledger of
 * what the database holds.
 */
final class Workload implements AutoCloseable {

    static final String RAIDS = "raid-management";
    static final String ARCHIVES = "message-archives";
    private static final String GUILD = "81384788765712384";
    private static final long CONCLUDED_AT = 1_763_899_600_000L;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Thread listener;
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final List<String> raidIds = new ArrayList<>();
    private final List<String> archiveIds = new ArrayList<>();
    private final String jdbcUrl;
    private volatile boolean running = true;
    private long accountsSent;
    private long messagesSent;
    private final int accountsPerRaid;
    private final int messagesPerArchive;

    Workload(String bootstrapServers, String jdbcUrl, int raids, int accountsPerRaid, int archives, int messagesPerArchive) {
        this.jdbcUrl = jdbcUrl;
        this.accountsPerRaid = accountsPerRaid;
        this.messagesPerArchive = messagesPerArchive;
        for (int i = 0; i < raids; i++) {
            raidIds.add("fault-" + run + "-raid-" + i);
        }
        for (int i = 0; i < archives; i++) {
            archiveIds.add("fault-" + run + "-archive-" + i);
        }
        // Retries outlast a broker restart: a request a bot sent is never dropped on the bot's side.
        producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", true, "max.request.size", 4_194_304, "linger.ms", 5,
                "delivery.timeout.ms", 300_000, "compression.type", "lz4"), new StringSerializer(), new ByteArraySerializer());
        replies = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(RAIDS, ARCHIVES)) {
            replies.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        replies.assign(partitions);
        replies.seekToEnd(partitions);
        partitions.forEach(replies::position);
        listener = Thread.ofPlatform().name("fault-replies").start(this::listen);
    }

    private void listen() {
        while (running) {
            try {
                for (var record : replies.poll(Duration.ofMillis(200))) {
                    String inReplyTo = BrokerHeaders.text(record.headers(), BrokerHeaders.RPC_IN_REPLY_TO);
                    if (record.key() != null && record.key().endsWith(".response") && inReplyTo != null) {
                        answered.merge(inReplyTo, 1, Integer::sum);
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // The broker is restarting: keep reading once it is back.
                FaultCluster.pause(500);
            }
        }
    }

    long accountsPlanned() {
        return (long) raidIds.size() * accountsPerRaid;
    }

    long messagesPlanned() {
        return (long) archiveIds.size() * messagesPerArchive;
    }

    /** Sends every raid's accounts and every archive's messages, interleaved, spread over {@code over}. */
    void stream(int accountsPerRecord, int messagesPerRecord, Duration over) {
        List<Runnable> sends = new ArrayList<>();
        for (String archive : archiveIds) {
            sends.add(() -> send(ARCHIVES, archive, "{\"type\":\"archive.created\",\"archiveId\":\"" + archive
                    + "\",\"guildId\":\"" + GUILD + "\",\"channelId\":\"1\",\"channelName\":\"general\",\"createdBy\":\"2\","
                    + "\"createdAtMillis\":1763899000000}", true));
        }
        int accountRecords = accountsPerRaid / accountsPerRecord;
        int messageRecords = messagesPerArchive / messagesPerRecord;
        for (int r = 0; r < Math.max(accountRecords, messageRecords); r++) {
            int record = r;
            for (int raid = 0; raid < raidIds.size() && record < accountRecords; raid++) {
                int raidIndex = raid;
                sends.add(() -> sendAccounts(raidIndex, record * accountsPerRecord, accountsPerRecord));
            }
            for (int archive = 0; archive < archiveIds.size() && record < messageRecords; archive++) {
                int archiveIndex = archive;
                sends.add(() -> sendMessages(archiveIndex, record * messagesPerRecord, messagesPerRecord));
            }
        }
        long pauseNanos = over.toNanos() / Math.max(1, sends.size());
        long start = System.nanoTime();
        for (int i = 0; i < sends.size(); i++) {
            sends.get(i).run();
            long due = start + (i + 1) * pauseNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                FaultCluster.pause(wait / 1_000_000);
            }
        }
        producer.flush();
    }

    /** Seals the archives and, once every batch of a raid is answered, concludes it (a conclusion is final). */
    void finish(Duration timeout) {
        for (String archive : archiveIds) {
            send(ARCHIVES, archive, "{\"type\":\"archive.sealed\",\"archiveId\":\"" + archive
                    + "\",\"sealedAtMillis\":1763899900000}", false);
        }
        awaitAnswered(timeout);
        for (String raid : raidIds) {
            send(RAIDS, "conclude-raid", "{\"request\":{\"raidId\":\"" + raid + "\",\"guildId\":\"" + GUILD
                    + "\",\"concludedAtMillis\":" + CONCLUDED_AT + "}}", true);
        }
        producer.flush();
        awaitAnswered(timeout);
        awaitSealed(timeout);
    }

    /**
     * Seals get no reply, so the archives' side is done when every archive is sealed: after a
     * writer's kill -9, its partitions wait for the group to notice (the session timeout) and
     * may finish well after the raids.
     */
    private void awaitSealed(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var sealed = db.prepareStatement(
                        "SELECT count(*) FROM archive WHERE internal_id = ANY (?) AND sealed_at IS NOT NULL")) {
            sealed.setArray(1, db.createArrayOf("text", archiveIds.toArray()));
            while (Instant.now().isBefore(deadline)) {
                try (var rows = sealed.executeQuery()) {
                    if (rows.next() && rows.getLong(1) == archiveIds.size()) {
                        return;
                    }
                }
                FaultCluster.pause(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archives' state: " + e.getMessage(), e);
        }
    }

    private void awaitAnswered(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!answered.keySet().containsAll(expected) && Instant.now().isBefore(deadline)) {
            FaultCluster.pause(250);
        }
    }

    private void sendAccounts(int raid, int from, int count) {
        StringBuilder users = new StringBuilder();
        long base = 1_300_000_000_000_000_000L + raid * 10_000_000L;
        for (int i = from; i < from + count; i++) {
            users.append(i == from ? "" : ",").append("{\"id\":\"").append(base + i).append("\",\"name\":\"bot ")
                    .append(i).append("\",\"avatarHash\":null,\"createdAtMillis\":1700000000000,\"joinedAtMillis\":")
                    .append(1_763_899_000_000L + i / 100).append('}');
        }
        send(RAIDS, "batch-insert-raid-users", "{\"request\":{\"raidId\":\"" + raidIds.get(raid) + "\",\"guildId\":\""
                + GUILD + "\",\"users\":[" + users + "]}}", true);
        accountsSent += count;
    }

    private void sendMessages(int archive, int from, int count) {
        StringBuilder messages = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            messages.append(i == from ? "" : ",").append("{\"id\":\"").append(1_320_000_000_000_000_000L + i)
                    .append("\",\"authorId\":\"3\",\"authorName\":\"spam bot\",\"content\":\"message ").append(i)
                    .append("\",\"createdAtMillis\":").append(1_763_899_000_000L + i).append('}');
        }
        send(ARCHIVES, archiveIds.get(archive), "{\"type\":\"archive.messages\",\"archiveId\":\"" + archiveIds.get(archive)
                + "\",\"messages\":[" + messages + "]}", false);
        messagesSent += count;
    }

    private void send(String topic, String key, String value, boolean answerExpected) {
        String messageId = UUID.randomUUID().toString();
        var record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_SERVICE, "fault-bot");
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_INSTANCE, "fault-bot-" + run);
        BrokerHeaders.put(record.headers(), BrokerHeaders.TARGET_SERVICES, "milk");
        BrokerHeaders.put(record.headers(), BrokerHeaders.MESSAGE_ID, messageId);
        if (answerExpected) {
            expected.add(messageId);
        }
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                throw new AssertionError("the bot could not send: " + error);
            }
        });
    }

    /**
     * What the database holds against what was sent. Duplicated: a count above the rows (a batch
     * counted twice); lost: rows missing; unanswered: requests without a reply.
     */
    record Ledger(long sent, long stored, long duplicated, long lost, long unanswered, long answeredTwice,
            long wrongConclusions) {

        boolean exact() {
            return duplicated == 0 && lost == 0 && unanswered == 0 && wrongConclusions == 0 && stored == sent;
        }

        String line(String scenario) {
            return String.format("| %s | %,d | %,d | %d | %d | %d | %d |", scenario, sent, stored, duplicated, lost,
                    unanswered, answeredTwice);
        }
    }

    Ledger ledger() throws SQLException {
        long stored = 0;
        long duplicated = 0;
        long wrongConclusions = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            var raids = db.prepareStatement("""
                    SELECT r.user_count, (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id), r.concluded_at
                    FROM raid r WHERE r.internal_id = ANY (?)""");
            raids.setArray(1, db.createArrayOf("text", raidIds.toArray()));
            try (var rows = raids.executeQuery()) {
                while (rows.next()) {
                    stored += rows.getLong(2);
                    duplicated += Math.max(0, rows.getLong(1) - rows.getLong(2));
                    var concluded = rows.getTimestamp(3);
                    if (concluded == null || concluded.getTime() != CONCLUDED_AT) {
                        wrongConclusions++;
                    }
                }
            }
            var archives = db.prepareStatement("""
                    SELECT a.message_count, (SELECT count(*) FROM archive_message m WHERE m.archive_id = a.id)
                    FROM archive a WHERE a.internal_id = ANY (?) AND a.sealed_at IS NOT NULL""");
            archives.setArray(1, db.createArrayOf("text", archiveIds.toArray()));
            try (var rows = archives.executeQuery()) {
                while (rows.next()) {
                    stored += rows.getLong(2);
                    duplicated += Math.max(0, rows.getLong(1) - rows.getLong(2));
                }
            }
        }
        long sent = accountsSent + messagesSent;
        long unanswered = expected.stream().filter(id -> !answered.containsKey(id)).count();
        long twice = answered.values().stream().filter(n -> n > 1).count();
        return new Ledger(sent, stored, duplicated, Math.max(0, sent - stored), unanswered, twice, wrongConclusions);
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            listener.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.close();
        producer.close(Duration.ofSeconds(10));
    }
}
