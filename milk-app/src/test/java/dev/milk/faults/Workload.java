package dev.milk.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.WireBot;

/**
 * A bot's side of a fault scenario: raids (accounts in records, then a conclusion once every
 * batch is answered) and archives (created, messages, sealed), sent with Beemo's generation 2
 * headers at a steady pace, every reply counted by the request it answers; then the ledger of
 * what the database holds.
 */
final class Workload extends WireBot {

    private static final String GUILD = "81384788765712384";
    private static final long CONCLUDED_AT = 1_763_899_600_000L;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final Queue<Long> replyTimes = new ConcurrentLinkedQueue<>();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final List<String> raidIds = new ArrayList<>();
    private final List<String> archiveIds = new ArrayList<>();
    private final String jdbcUrl;
    private long accountsSent;
    private long messagesSent;
    private final int accountsPerRaid;
    private final int messagesPerArchive;

    Workload(String bootstrapServers, String jdbcUrl, int raids, int accountsPerRaid, int archives, int messagesPerArchive) {
        // Retries outlast a broker restart: a request a bot sent is never dropped on the bot's side.
        super(bootstrapServers, "fault-bot", Map.of("acks", "all", "enable.idempotence", true,
                "max.request.size", 4_194_304, "linger.ms", 5, "delivery.timeout.ms", 300_000, "compression.type", "lz4"));
        this.jdbcUrl = jdbcUrl;
        this.accountsPerRaid = accountsPerRaid;
        this.messagesPerArchive = messagesPerArchive;
        for (int i = 0; i < raids; i++) {
            raidIds.add("fault-" + run + "-raid-" + i);
        }
        for (int i = 0; i < archives; i++) {
            archiveIds.add("fault-" + run + "-archive-" + i);
        }
    }

    @Override
    protected void replied(String inReplyTo, String repliedBy) {
        answered.merge(inReplyTo, 1, Integer::sum);
        replyTimes.add(System.nanoTime());
    }

    /**
     * The replies read from {@code since} ({@link System#nanoTime()}) on: how many, how long the
     * first took, and the longest silence between two of them.
     */
    Replies repliesSince(long since) {
        List<Long> times = replyTimes.stream().filter(time -> time >= since).sorted().toList();
        long longest = 0;
        long previous = since;
        for (long time : times) {
            longest = Math.max(longest, time - previous);
            previous = time;
        }
        return new Replies(times.size(), Duration.ofNanos(times.isEmpty() ? 0 : times.getFirst() - since),
                Duration.ofNanos(longest));
    }

    record Replies(long count, Duration first, Duration longestSilence) {

        @Override
        public String toString() {
            return String.format("%,d replies after it, the first in %.1f s, the longest silence %.1f s", count,
                    first.toMillis() / 1e3, longestSilence.toMillis() / 1e3);
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
                ChildProcesses.pause(wait / 1_000_000);
            }
        }
        flush();
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
        flush();
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
                ChildProcesses.pause(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archives' state: " + e.getMessage(), e);
        }
    }

    private void awaitAnswered(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!answered.keySet().containsAll(expected) && Instant.now().isBefore(deadline)) {
            ChildProcesses.pause(250);
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
        if (answerExpected) {
            expected.add(messageId);
        }
        send(messageId, topic, key, value, (metadata, error) -> {
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
}
