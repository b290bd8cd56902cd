package dev.milk.writes.archive;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.ReplyStatus;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.writes.media.StoredCopies;
import dev.milk.writes.store.PublicIdRows;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of archive commands in the caller's transaction, with the result it would have
 * had one record at a time. The batch is applied in runs: message records, then at most one other
 * command (a creation, seal, removal or takedown: rare beside messages, and the only commands that
 * change what a message record is checked against: the archive's guild, expiry, seal and stored
 * messages). So every check sees what it would have seen alone, and within a run the order of the
 * message records does not matter: messages are sets of versions (see {@link IncomingMessages}).
 *
 * <p>A deleted or expired archive takes no more messages: content that was taken down never comes
 * back. A sealed one takes no new message nor version either: the record is refused with the
 * reason (a redelivered record whose versions are all stored is not). Removals apply to sealed
 * archives too: privacy outranks immutability, and the archive's revision tells every cache. A
 * removal, a takedown or an expiry deletes the media copies of what it removes, in the same
 * transaction. An archive belongs to the guild its first creation names: a creation, or a thread
 * link, naming it from another guild is refused, so no guild ever learns another's public id.
 */
final class ArchiveStore {

    private final JdbcTemplate jdbc;
    private final PublicIdRows<StoredArchive> rows;
    private final IncomingMessages messages;
    private final ArchiveRedactions redactions;
    private final MediaQueue media;
    private final ArchiveContents contents;
    private final boolean copyMedia;

    /** @param copyMedia whether to queue the media of stored messages for copying */
    ArchiveStore(JdbcTemplate jdbc, Counter messagesStored, StoredCopies copies, boolean copyMedia) {
        this.jdbc = jdbc;
        this.messages = new IncomingMessages(jdbc, messagesStored);
        this.redactions = new ArchiveRedactions(jdbc, copies);
        this.media = new MediaQueue(jdbc);
        this.contents = new ArchiveContents(jdbc, copies);
        this.copyMedia = copyMedia;
        this.rows = new PublicIdRows<>((internalIds, publicIds) -> jdbc.update("""
                INSERT INTO archive (internal_id, public_id)
                SELECT n.internal_id, n.public_id FROM unnest(?::text[], ?::text[]) AS n (internal_id, public_id)
                ON CONFLICT DO NOTHING""", internalIds.toArray(String[]::new), publicIds.toArray(String[]::new)),
                this::find);
    }

    /** Why a command was refused: it then goes to the dead-letter topic with the reason. */
    record Refusal(ReplyStatus status, InvalidEventException reason) {

        static Refusal of(ReplyStatus status, String reason) {
            return new Refusal(status, new InvalidEventException(InvalidEventException.Kind.REFUSED, reason));
        }
    }

    /**
     * @param publicIds the public id of every archive the batch names
     * @param refusals  per command, in order: why it was refused, or null
     */
    record Applied(Map<String, String> publicIds, List<Refusal> refusals) {
    }

    Applied apply(List<ArchiveCommand> commands, Instant now) {
        Map<String, String> publicIds = new HashMap<>();
        List<Refusal> refusals = new ArrayList<>(commands.size());
        int start = 0;
        for (int i = 0; i < commands.size(); i++) {
            if (!(commands.get(i) instanceof ArchiveCommand.AddMessages) || i == commands.size() - 1) {
                Applied run = applyRun(commands.subList(start, i + 1), start, now);
                publicIds.putAll(run.publicIds());
                refusals.addAll(run.refusals());
                start = i + 1;
            }
        }
        return new Applied(publicIds, refusals);
    }

    /**
     * Stores a run's message records, then applies its last command if it is another kind.
     *
     * @param position where the run starts in its batch: the order of arrival of its records
     */
    private Applied applyRun(List<ArchiveCommand> run, int position, Instant now) {
        Map<String, StoredArchive> archives = findOrCreate(
                run.stream().map(ArchiveCommand::archiveId).collect(Collectors.toSet()));
        Refusal[] refusals = new Refusal[run.size()];
        List<IncomingMessages.Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i) instanceof ArchiveCommand.AddMessages add) {
                StoredArchive archive = archives.get(add.archiveId());
                // Taken down or expired first: what was taken down never comes back, not even in a dead letter.
                if (!archive.open(now)) {
                    continue;
                }
                if (archive.sealedAt() != null) {
                    refusals[i] = refuseIfNew(archive, add);
                } else {
                    deliveries.add(new IncomingMessages.Delivery(archive.id(), position + i, add));
                }
            }
        }
        Map<String, StoredArchive> threads = threadArchives(deliveries);
        deliveries.removeIf(d -> {
            Refusal crossing = crossesGuilds(d.add(), archives.get(d.add().archiveId()), threads);
            refusals[d.position() - position] = crossing;
            return crossing != null;
        });
        Map<String, String> threadPublicIds = new HashMap<>();
        threads.forEach((id, thread) -> threadPublicIds.put(id, thread.publicId()));
        messages.store(deliveries, threadPublicIds);
        if (copyMedia) {
            media.queue(deliveries);
        }

        ArchiveCommand last = run.getLast();
        StoredArchive archive = archives.get(last.archiveId());
        switch (last) {
            case ArchiveCommand.Create create when archive.guildId() != null && archive.guildId() != create.guildId() ->
                refusals[run.size() - 1] = Refusal.of(ReplyStatus.OTHER_GUILD, "archive '" + create.archiveId()
                        + "' belongs to guild " + archive.guildId() + ", not " + create.guildId());
            case ArchiveCommand.Create create -> describe(create, archive);
            case ArchiveCommand.Seal seal -> jdbc.update("UPDATE archive SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL",
                    Timestamp.from(seal.sealedAt()), archive.id());
            case ArchiveCommand.Redact redact when archive.open(now) -> redactions.apply(redact, archive.id(), now);
            case ArchiveCommand.Delete delete -> takeDown(archive, delete.reason());
            case ArchiveCommand.Redact redact -> {
                // nothing to remove from an archive taken down or expired
            }
            case ArchiveCommand.AddMessages add -> {
                // stored above
            }
        }

        Map<String, String> publicIds = new HashMap<>();
        archives.forEach((id, stored) -> publicIds.put(id, stored.publicId()));
        return new Applied(publicIds, Arrays.asList(refusals));
    }

    /** A sealed archive's pages are cached as immutable: it takes no new message nor version. */
    private Refusal refuseIfNew(StoredArchive archive, ArchiveCommand.AddMessages add) {
        long fresh = notStored(archive, add.messages());
        return fresh == 0 ? null : Refusal.of(ReplyStatus.INVALID, "archive '" + add.archiveId() + "' was sealed at "
                + archive.sealedAt() + "; " + fresh + " of " + add.messages().size()
                + " messages are new or edited, and a sealed archive takes none");
    }

    /** How many of {@code messages} are versions the archive does not hold yet. */
    private long notStored(StoredArchive archive, List<StoredMessage> messages) {
        Long fresh = jdbc.queryForObject("""
                SELECT count(*) FROM unnest(?::bigint[], ?::timestamptz[]) AS i (message_id, version_at)
                LEFT JOIN archive_message m ON m.archive_id = ? AND m.message_id = i.message_id
                WHERE m.message_id IS NULL
                   OR (m.redaction_id IS NULL AND i.version_at <> coalesce(m.edited_at, m.created_at)
                       AND NOT EXISTS (SELECT FROM archive_message_version v
                                       WHERE v.archive_id = m.archive_id AND v.message_id = m.message_id
                                         AND v.version_at = i.version_at))""", Long.class,
                messages.stream().map(StoredMessage::id).toArray(Long[]::new),
                messages.stream().map(m -> Timestamp.from(m.versionAt())).toArray(Timestamp[]::new),
                archive.id());
        return fresh == null ? 0 : fresh;
    }

    /** A thread kept in an archive of another guild would show that guild's public id. */
    private static Refusal crossesGuilds(ArchiveCommand.AddMessages add, StoredArchive archive,
            Map<String, StoredArchive> threads) {
        if (archive.guildId() == null) {
            return null;
        }
        for (StoredMessage message : add.messages()) {
            ArchiveMessage.ThreadLink thread = message.thread();
            Long threadGuild = thread == null || thread.archiveId() == null ? null
                    : threads.get(thread.archiveId()).guildId();
            if (threadGuild != null && !threadGuild.equals(archive.guildId())) {
                return Refusal.of(ReplyStatus.OTHER_GUILD, "messages: the thread of message " + message.id()
                        + " is kept in archive '" + thread.archiveId() + "', which belongs to guild " + threadGuild
                        + ", not " + archive.guildId());
            }
        }
        return null;
    }

    private Map<String, StoredArchive> find(Set<String> internalIds) {
        Map<String, StoredArchive> found = new HashMap<>();
        jdbc.query("""
                SELECT internal_id, id, public_id, guild_id, expires_at, deleted_at IS NOT NULL AS deleted, sealed_at
                FROM archive WHERE internal_id = ANY (?)""",
                rs -> {
                    Timestamp expires = rs.getTimestamp("expires_at");
                    Timestamp sealed = rs.getTimestamp("sealed_at");
                    found.put(rs.getString("internal_id"), new StoredArchive(rs.getString("internal_id"),
                            rs.getLong("id"), rs.getString("public_id"), rs.getObject("guild_id", Long.class),
                            expires == null ? null : expires.toInstant(), rs.getBoolean("deleted"),
                            sealed == null ? null : sealed.toInstant()));
                }, (Object) internalIds.toArray(String[]::new));
        return found;
    }

    /** The first archive.created fills the placeholder; a repeated one changes nothing. */
    private void describe(ArchiveCommand.Create c, StoredArchive archive) {
        jdbc.update("""
                UPDATE archive SET guild_id = ?, channel_id = ?, channel_name = ?, reason = ?, created_by = ?,
                       created_at = ?, expires_at = ?
                WHERE id = ? AND created_at IS NULL""", c.guildId(), c.channelId(), c.channelName(), c.reason(),
                c.createdBy(), Timestamp.from(c.createdAt()), c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()),
                archive.id());
    }

    /** The archives the deliveries' threads are kept in, created as placeholders if need be. */
    private Map<String, StoredArchive> threadArchives(List<IncomingMessages.Delivery> deliveries) {
        Set<String> ids = deliveries.stream().flatMap(d -> d.add().messages().stream())
                .map(StoredMessage::thread).filter(t -> t != null && t.archiveId() != null)
                .map(ArchiveMessage.ThreadLink::archiveId).collect(Collectors.toSet());
        return ids.isEmpty() ? Map.of() : findOrCreate(ids);
    }

    /** Archives by the bot's id; one not seen yet gets its row (and public id) now, as a placeholder. */
    private Map<String, StoredArchive> findOrCreate(Set<String> internalIds) {
        Map<String, StoredArchive> archives = find(internalIds);
        Set<String> missing = new HashSet<>(internalIds);
        missing.removeAll(archives.keySet());
        if (!missing.isEmpty()) {
            archives.putAll(rows.create(missing));
        }
        return archives;
    }

    /** A takedown: what the archive holds is deleted in this transaction, so no read finds it afterwards. */
    private void takeDown(StoredArchive archive, String reason) {
        contents.delete(List.of(archive.id()));
        jdbc.update("""
                UPDATE archive SET deleted_at = coalesce(deleted_at, now()), deleted_reason = coalesce(deleted_reason, ?)
                WHERE id = ?""", reason, archive.id());
    }

    /** @param guildId null while the archive is a placeholder, before its creation arrives */
    private record StoredArchive(String internalId, long id, String publicId, Long guildId, Instant expiresAt,
            boolean deleted, Instant sealedAt) {

        /** Neither taken down nor expired: it takes messages and removals. */
        boolean open(Instant now) {
            return !deleted && (expiresAt == null || expiresAt.isAfter(now));
        }
    }
}
