package dev.milk.upgrade;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.common.utils.Utils;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.CdnStandIn;
import dev.milk.processes.ChildProcesses;
import dev.milk.processes.WireBot;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidUser;
import dev.milk.wire.EventJson;

/**
 * The bot of a rolling update, on Beemo's generation 2 wire: raids and archives in rounds. Each
 * round opens a raid and one archive on every partition of the archive topic, and finishes what
 * the round before opened (more messages, two edits of some, a removal of others, then the seal;
 * the raid's last accounts, then its conclusion), so every raid and archive is written by the
 * writers of two phases of the update. An archive's first message shows a file of its own and an
 * embed's image, both on the CDN stand-in; its first message of the next round shows that file
 * again, which the writers of that phase find copied by those of the phase before. It keeps what
 * it sent as the state Milk must end up with ({@link #expected}, {@link #media}) and which writer
 * answered each request.
 */
final class ReleaseBot extends WireBot {

    private static final String GUILD = "81384788765712384";
    private static final long T0 = 1_763_899_000_000L;
    private static final long FIRST_MESSAGE = 1_320_000_000_000_000_000L;
    private static final long FIRST_ACCOUNT = 1_300_000_000_000_000_000L;
    private static final int MESSAGES_PER_RECORD = 8;
    private static final int ACCOUNTS_PER_RECORD = 150;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final int archivePartitions;
    private final CdnStandIn cdn;
    private final Map<String, String> roundOf = new ConcurrentHashMap<>();
    private final Map<String, String> requestOf = new ConcurrentHashMap<>();
    private final Map<String, String> repliedBy = new ConcurrentHashMap<>();
    private final List<Archive> archives = new ArrayList<>();
    private final List<Raid> raids = new ArrayList<>();
    private final List<Medium> media = new ArrayList<>();
    private long messagesSent;
    private int filesSent;
    private long accountsSent;

    /** A file a message shows from the CDN (an attachment or an embed's image), sent in {@code round}. */
    record Medium(String archive, long message, String url, String round) {
    }

    /**
     * @param archivePartitions of the archive topic: each round opens an archive on each
     * @param cdn               where the files the messages show are
     */
    ReleaseBot(String bootstrapServers, int archivePartitions, CdnStandIn cdn) {
        super(bootstrapServers, "rolling-bot", Map.of("acks", "all", "enable.idempotence", true, "linger.ms", 5,
                "delivery.timeout.ms", 300_000));
        this.archivePartitions = archivePartitions;
        this.cdn = cdn;
    }

    @Override
    protected void replied(String inReplyTo, String writer) {
        repliedBy.putIfAbsent(inReplyTo, writer == null ? "(no source-instance)" : writer);
    }

    /**
     * Finishes the archives and raid the earlier rounds opened (all but their seal and conclusion,
     * which {@link #close} sends once this round is answered) and, if {@code fresh}, opens new ones.
     */
    synchronized void open(String round, boolean fresh) {
        List<Archive> earlier = archives.stream().filter(a -> a.sealedAt == null).toList();
        List<Raid> earlierRaids = raids.stream().filter(r -> r.concludedAt == null).toList();
        for (Archive archive : earlier) {
            messages(archive, round, MESSAGES_PER_RECORD, true, null);
            List<Long> ids = new ArrayList<>(archive.messages.keySet());
            edit(archive, round, ids.subList(1, 3), 1);
            edit(archive, round, ids.subList(1, 3), 2);
            redact(archive, round, List.of(ids.get(2), ids.get(4)));
        }
        for (Raid raid : earlierRaids) {
            accounts(raid, round);
        }
        if (!fresh) {
            flush();
            return;
        }
        for (String id : oneOnEachPartition(round)) {
            int file = filesSent++;
            // Files of 10 KB to 600 KB: some copies are one part of PostgreSQL's store, some three.
            long size = 10_000 + file * 97_001L % 590_000;
            Archive archive = new Archive(id, round, cdn.fixture("random-" + file + "-" + size + ".bin"), size);
            archives.add(archive);
            send(ARCHIVES, id, EventJson.write(new ArchiveEvent.Created(id, GUILD, "7", "raid-" + round,
                    "opened in round " + round, "42", T0, null)), round, "archive.created " + id);
            messages(archive, round, MESSAGES_PER_RECORD, true, cdn.fixture("noise-" + file + ".png"));
        }
        Raid raid = new Raid("rolling-" + run + "-raid-" + round, round);
        raids.add(raid);
        send(RAIDS, RaidAction.CREATE_RAID.key(), EventJson.write(RaidEnvelope.of(RaidRequest.create(raid.id, GUILD))),
                round, "create-raid " + raid.id);
        accounts(raid, round);
        accounts(raid, round);
        flush();
    }

    /** Seals the archives and concludes the raids {@link #open} finished: only after its accounts are answered. */
    synchronized void close(String round) {
        for (Archive archive : archives) {
            if (archive.sealedAt == null && !archive.round.equals(round)) {
                archive.sealedAt = T0 + 3_600_000;
                sendUnanswered(ARCHIVES, archive.id, EventJson.write(new ArchiveEvent.Sealed(archive.id, archive.sealedAt)));
            }
        }
        for (Raid raid : raids) {
            if (raid.concludedAt == null && !raid.round.equals(round)) {
                raid.concludedAt = T0 + 7_200_000;
                send(RAIDS, RaidAction.CONCLUDE_RAID.key(), EventJson.write(RaidEnvelope.of(
                        RaidRequest.conclude(raid.id, GUILD, raid.concludedAt))), round, "conclude-raid " + raid.id);
            }
        }
        flush();
    }

    /** A record of two messages for one open archive, another each {@code turn}: the bot keeps talking. */
    synchronized void trickle(String round, int turn) {
        List<Archive> open = archives.stream().filter(a -> a.sealedAt == null).toList();
        messages(open.get(Math.floorMod(turn, open.size())), round, 2, false, null);
        flush();
    }

    /** Waits until every request of {@code round} is answered; fails with what was missing and {@code seen}. */
    void awaitAnswered(String round, Duration patience, Supplier<String> seen) {
        Instant deadline = Instant.now().plus(patience);
        while (!unanswered(round).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                List<String> missing = unanswered(round);
                throw new AssertionError(missing.size() + " requests of round " + round + " unanswered after " + patience
                        + ": " + missing.stream().limit(10).toList() + "\n" + seen.get());
            }
            ChildProcesses.pause(100);
        }
    }

    private List<String> unanswered(String round) {
        return roundOf.entrySet().stream().filter(e -> e.getValue().equals(round) && !repliedBy.containsKey(e.getKey()))
                .map(e -> requestOf.get(e.getKey())).sorted().toList();
    }

    /** The writers that answered requests of {@code round}, by their {@code source-instance}. */
    Set<String> answeredBy(String round) {
        return roundOf.entrySet().stream().filter(e -> e.getValue().equals(round))
                .map(e -> repliedBy.get(e.getKey())).filter(w -> w != null).collect(Collectors.toCollection(TreeSet::new));
    }

    synchronized List<String> archiveIds() {
        return archives.stream().map(a -> a.id).toList();
    }

    synchronized List<String> raidIds() {
        return raids.stream().map(r -> r.id).toList();
    }

    synchronized String sent() {
        return String.format("%d archives (%,d messages, %d files shown %d times), %d raids (%,d accounts), %d requests",
                archives.size(), messagesSent, media.stream().map(Medium::url).distinct().count(), media.size(),
                raids.size(), accountsSent, roundOf.size());
    }

    /** Every file the messages show, as Milk must end up with a copy of each. */
    synchronized List<Medium> media() {
        return List.copyOf(media);
    }

    /** The files shown by the messages of {@code round}. */
    synchronized List<Medium> media(String round) {
        return media.stream().filter(m -> m.round().equals(round)).toList();
    }

    /** What Milk must hold of each raid and archive, in the lines of {@link View}. */
    synchronized List<String> expected() {
        List<String> lines = new ArrayList<>();
        for (Archive a : archives) {
            long removals = a.messages.values().stream().map(m -> m.removed).filter(r -> r != null).distinct().count();
            lines.add(View.archive(a.id, instant(a.sealedAt), a.messages.size(), removals));
            a.messages.values().forEach(m -> lines.add(View.message(a.id, m.id, m.removed == null ? m.content : "",
                    m.removed == null ? instant(m.editedAt) : null, m.removed == null ? m.versions : List.of(), m.removed)));
        }
        for (Raid r : raids) {
            lines.add(View.raid(r.id, instant(r.concludedAt), r.accounts.size()));
            r.accounts.forEach(id -> lines.add(View.account(r.id, id)));
        }
        return lines;
    }

    /** Archive ids of this round, one for each partition of the archive topic (as Kafka's producer picks it). */
    private List<String> oneOnEachPartition(String round) {
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        for (int n = 0; byPartition.size() < archivePartitions; n++) {
            String id = "rolling-" + run + "-archive-" + round + "-" + n;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % archivePartitions,
                    id);
        }
        return List.copyOf(byPartition.values());
    }

    /**
     * {@code count} messages in a record, the first showing the archive's file if {@code withFile}
     * and an embed of {@code image} unless it is null.
     */
    private void messages(Archive archive, String round, int count, boolean withFile, String image) {
        List<ArchiveMessage> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = messagesSent++;
            long id = FIRST_MESSAGE + n;
            long createdAt = T0 + n * 1_000;
            // What user content holds: the CSV of COPY and the JSON of the routes must carry it unchanged.
            String content = "message " + n + " of round " + round + ", \"quoted\"\nsecond line \\ ü <b>";
            archive.messages.put(id, new Message(id, createdAt, content));
            List<ArchiveMessage.Attachment> files = new ArrayList<>();
            List<ArchiveMessage.Embed> embeds = new ArrayList<>();
            if (i == 0 && withFile) {
                files.add(new ArchiveMessage.Attachment(Long.toString(id), archive.file.substring(
                        archive.file.lastIndexOf('/') + 1), "application/octet-stream", archive.fileSize, archive.file));
                media.add(new Medium(archive.id, id, archive.file, round));
            }
            if (i == 0 && image != null) {
                embeds.add(new ArchiveMessage.Embed("evidence", null, null, null, List.of(), null, null, null,
                        new ArchiveMessage.EmbedMedia(image, 100, 100), null, null, null));
                media.add(new Medium(archive.id, id, image, round));
            }
            batch.add(new ArchiveMessage(Long.toString(id), "3", "spam bot", null, false, content, createdAt, null, null,
                    files, embeds, List.of()));
        }
        sendUnanswered(ARCHIVES, archive.id, EventJson.write(new ArchiveEvent.Messages(archive.id, batch)));
    }

    /** The {@code nth} edit of each message: a record of its own, later than the one before. */
    private void edit(Archive archive, String round, List<Long> ids, int nth) {
        List<ArchiveMessage> batch = new ArrayList<>();
        for (long id : ids) {
            Message message = archive.messages.get(id);
            long editedAt = message.createdAt + nth * 60_000L;
            String content = "edit " + nth + " of " + id + " in round " + round;
            message.versions.add(View.version(instant(message.editedAt == null ? message.createdAt : message.editedAt),
                    message.content));
            message.content = content;
            message.editedAt = editedAt;
            batch.add(new ArchiveMessage(Long.toString(id), "3", "spam bot", null, false, content, message.createdAt,
                    editedAt, null, List.of(), List.of(), List.of()));
        }
        sendUnanswered(ARCHIVES, archive.id, EventJson.write(new ArchiveEvent.Messages(archive.id, batch)));
    }

    private void redact(Archive archive, String round, List<Long> ids) {
        String reason = "privacy, round " + round;
        ids.forEach(id -> archive.messages.get(id).removed = reason);
        sendUnanswered(ARCHIVES, archive.id, EventJson.write(new ArchiveEvent.Redacted(archive.id,
                ids.stream().map(String::valueOf).toList(), reason, "4242", T0 + 1_800_000)));
    }

    private void accounts(Raid raid, String round) {
        List<RaidUser> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS_PER_RECORD; i++) {
            long id = FIRST_ACCOUNT + accountsSent++;
            raid.accounts.add(id);
            users.add(new RaidUser(Long.toString(id), "raider " + id, null, 1_700_000_000_000L, T0 + i));
        }
        send(RAIDS, RaidAction.BATCH_INSERT_RAID_USERS.key(), EventJson.write(RaidEnvelope.of(
                RaidRequest.insertUsers(raid.id, GUILD, users))), round, "batch-insert-raid-users " + raid.id);
    }

    private void send(String topic, String key, byte[] value, String round, String request) {
        String messageId = UUID.randomUUID().toString();
        roundOf.put(messageId, round);
        requestOf.put(messageId, request);
        send(messageId, topic, key, value);
    }

    private void sendUnanswered(String topic, String key, byte[] value) {
        send(UUID.randomUUID().toString(), topic, key, value);
    }

    private void send(String messageId, String topic, String key, byte[] value) {
        send(messageId, topic, key, new String(value, StandardCharsets.UTF_8), (metadata, error) -> {
            if (error != null) {
                throw new AssertionError("the bot could not send: " + error);
            }
        });
    }

    private static String instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    private static final class Archive {
        final String id;
        final String round;
        /** The file its first message shows, and again its first message of the next round. */
        final String file;
        final long fileSize;
        final Map<Long, Message> messages = new LinkedHashMap<>();
        Long sealedAt;

        Archive(String id, String round, String file, long fileSize) {
            this.id = id;
            this.round = round;
            this.file = file;
            this.fileSize = fileSize;
        }
    }

    private static final class Message {
        final long id;
        final long createdAt;
        final List<String> versions = new ArrayList<>();
        String content;
        Long editedAt;
        String removed;

        Message(long id, long createdAt, String content) {
            this.id = id;
            this.createdAt = createdAt;
            this.content = content;
        }
    }

    private static final class Raid {
        final String id;
        final String round;
        final Set<Long> accounts = new TreeSet<>();
        Long concludedAt;

        Raid(String id, String round) {
            this.id = id;
            this.round = round;
        }
    }
}
