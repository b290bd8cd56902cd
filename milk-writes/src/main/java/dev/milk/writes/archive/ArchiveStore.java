package dev.milk.writes.archive;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.EventJson;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.writes.store.CsvCopy;
import dev.milk.writes.store.PublicIdRows;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of archive commands in the caller's transaction. Idempotent like the raid store:
 * the first creation and the first seal win, messages already stored are ignored. A deleted or
 * expired archive takes no more messages: content that was taken down never comes back. A sealed
 * one takes no new message either: the record is refused with the reason (a redelivered record
 * whose messages are all stored is not).
 */
final class ArchiveStore {

    private final JdbcTemplate jdbc;
    private final PublicIdRows<StoredArchive> rows;
    private final Counter messagesStored;

    ArchiveStore(JdbcTemplate jdbc, Counter messagesStored) {
        this.jdbc = jdbc;
        this.messagesStored = messagesStored;
        this.rows = new PublicIdRows<>((internalIds, publicIds) -> jdbc.update("""
                INSERT INTO archive (internal_id, public_id)
                SELECT * FROM unnest(?::text[], ?::text[])
                ON CONFLICT DO NOTHING""", ps -> {
            ps.setArray(1, array(ps.getConnection(), "text", internalIds.toArray()));
            ps.setArray(2, array(ps.getConnection(), "text", publicIds.toArray()));
        }), this::find);
    }

    /**
     * @param publicIds the public id of every archive the batch names
     * @param refusals  per command, in order: why it was refused (it then goes to the dead-letter
     *                  topic), or null
     */
    record Applied(Map<String, String> publicIds, List<InvalidEventException> refusals) {
    }

    Applied apply(List<ArchiveCommand> commands, Instant now) {
        Map<String, StoredArchive> archives = findOrCreate(
                commands.stream().map(ArchiveCommand::archiveId).collect(Collectors.toSet()));

        Map<String, Instant> expiries = new HashMap<>();
        archives.forEach((id, archive) -> {
            if (archive.expiresAt() != null) {
                expiries.put(id, archive.expiresAt());
            }
        });
        Set<String> deleted = archives.values().stream().filter(StoredArchive::deleted)
                .map(StoredArchive::internalId).collect(Collectors.toCollection(HashSet::new));
        Map<String, ArchiveCommand.Create> creations = new LinkedHashMap<>();
        Map<String, Instant> seals = new LinkedHashMap<>();
        Map<String, String> deletions = new LinkedHashMap<>();
        List<InvalidEventException> refusals = new ArrayList<>(Collections.nCopies(commands.size(), null));
        Set<ArchiveCommand.AddMessages> afterSeal = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < commands.size(); i++) {
            ArchiveCommand command = commands.get(i);
            Instant sealedAt = archives.get(command.archiveId()).sealedAt() != null
                    ? archives.get(command.archiveId()).sealedAt() : seals.get(command.archiveId());
            if (command instanceof ArchiveCommand.AddMessages add && sealedAt != null) {
                // A sealed archive's pages are cached as immutable: it takes no new message.
                afterSeal.add(add);
                long fresh = notStored(archives.get(add.archiveId()), add.messages());
                if (fresh > 0) {
                    refusals.set(i, new InvalidEventException(InvalidEventException.Kind.REFUSED, "archive '"
                            + add.archiveId() + "' was sealed at " + sealedAt + "; " + fresh + " of "
                            + add.messages().size() + " messages are new, and a sealed archive takes none"));
                }
                continue;
            }
            switch (command) {
                case ArchiveCommand.Create create -> {
                    if (creations.putIfAbsent(create.archiveId(), create) == null && create.expiresAt() != null) {
                        expiries.putIfAbsent(create.archiveId(), create.expiresAt());
                    }
                }
                case ArchiveCommand.Seal seal -> seals.putIfAbsent(seal.archiveId(), seal.sealedAt());
                case ArchiveCommand.Delete delete -> {
                    deletions.putIfAbsent(delete.archiveId(), delete.reason());
                    deleted.add(delete.archiveId());
                }
                case ArchiveCommand.AddMessages add -> {
                    // stored below, once every deletion and expiry of the batch is known
                }
            }
        }

        describe(creations.values(), archives);
        List<ArchiveCommand.AddMessages> accepted = commands.stream()
                .filter(ArchiveCommand.AddMessages.class::isInstance).map(ArchiveCommand.AddMessages.class::cast)
                .filter(add -> !afterSeal.contains(add))
                .filter(add -> !deleted.contains(add.archiveId()))
                .filter(add -> expiries.get(add.archiveId()) == null || expiries.get(add.archiveId()).isAfter(now))
                .toList();
        copyMessages(accepted, archives);
        seal(seals, archives);
        delete(deletions, archives);

        Map<String, String> publicIds = new HashMap<>();
        archives.forEach((id, archive) -> publicIds.put(id, archive.publicId()));
        return new Applied(publicIds, refusals);
    }

    /** How many of {@code messages} the archive does not hold yet. */
    private long notStored(StoredArchive archive, List<StoredMessage> messages) {
        Long stored = jdbc.queryForObject(
                "SELECT count(*) FROM archive_message WHERE archive_id = ? AND message_id = ANY (?)", Long.class,
                archive.id(), messages.stream().map(StoredMessage::id).toArray(Long[]::new));
        return messages.size() - (stored == null ? 0 : stored);
    }

    private Map<String, StoredArchive> find(Set<String> internalIds) {
        Map<String, StoredArchive> found = new HashMap<>();
        jdbc.query("""
                SELECT internal_id, id, public_id, expires_at, deleted_at IS NOT NULL, sealed_at
                FROM archive WHERE internal_id = ANY (?)""",
                ps -> ps.setArray(1, array(ps.getConnection(), "text", internalIds.toArray())),
                rs -> {
                    Timestamp expires = rs.getTimestamp(4);
                    Timestamp sealed = rs.getTimestamp(6);
                    found.put(rs.getString(1), new StoredArchive(rs.getString(1), rs.getLong(2), rs.getString(3),
                            expires == null ? null : expires.toInstant(), rs.getBoolean(5),
                            sealed == null ? null : sealed.toInstant()));
                });
        return found;
    }

    /** The first archive.created fills the placeholder; a repeated one changes nothing. */
    private void describe(Collection<ArchiveCommand.Create> creations, Map<String, StoredArchive> archives) {
        List<Object[]> rows = new ArrayList<>();
        for (ArchiveCommand.Create c : creations) {
            rows.add(new Object[] {c.guildId(), c.channelId(), c.channelName(), c.reason(), c.createdBy(),
                Timestamp.from(c.createdAt()), c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()),
                archives.get(c.archiveId()).id()});
        }
        jdbc.batchUpdate("""
                UPDATE archive SET guild_id = ?, channel_id = ?, channel_name = ?, reason = ?, created_by = ?,
                       created_at = ?, expires_at = ?
                WHERE id = ? AND created_at IS NULL""", rows);
    }

    private void copyMessages(List<ArchiveCommand.AddMessages> adds, Map<String, StoredArchive> archives) {
        if (adds.stream().allMatch(add -> add.messages().isEmpty())) {
            return;
        }
        // The bot's own naming first: authors are named by the insert below only where it named nobody.
        name(adds, archives);
        Map<String, String> threadArchives = threadArchives(adds);
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_archive_message
                (LIKE archive_message INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""");
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            CsvCopy.into(connection, "COPY incoming_archive_message", copy -> {
                for (ArchiveCommand.AddMessages add : adds) {
                    long archive = archives.get(add.archiveId()).id();
                    for (StoredMessage m : add.messages()) {
                        copy.value(archive).value(m.id()).value(m.authorId()).value(m.authorName())
                                .value(m.authorAvatarHash()).value(m.authorIsBot()).value(m.content())
                                .value(m.createdAt()).value(m.editedAt()).value(m.replyToId())
                                .value(json(m.attachments())).value(json(m.embeds())).value(json(m.stickers()))
                                .value(m.type()).value(m.authorColor() == null ? null : m.authorColor().longValue())
                                .value(m.reactions().isEmpty() ? null : json(m.reactions()))
                                .value(m.thread() == null ? null : json(thread(m.thread(), threadArchives)))
                                .value(m.poll() == null ? null : json(m.poll()))
                                .value(m.forwarded() == null ? null : json(m.forwarded()))
                                .endRow();
                    }
                }
            });
            return null;
        });
        Long stored = jdbc.queryForObject("""
                WITH inserted AS (
                    INSERT INTO archive_message SELECT * FROM incoming_archive_message
                    ON CONFLICT DO NOTHING
                    RETURNING archive_id, author_id, author_name, author_avatar_hash
                ), authors AS (
                    INSERT INTO archive_mention (archive_id, kind, mention_id, name, avatar_hash)
                    SELECT DISTINCT ON (archive_id, author_id) archive_id, 'u', author_id, author_name, author_avatar_hash
                    FROM inserted ORDER BY archive_id, author_id
                    ON CONFLICT DO NOTHING
                ), counts AS (
                    SELECT archive_id, count(*) AS n FROM inserted GROUP BY archive_id
                ), counted AS (
                    UPDATE archive SET message_count = archive.message_count + counts.n
                    FROM counts WHERE archive.id = counts.archive_id
                )
                SELECT coalesce(sum(n), 0) FROM counts""", Long.class);
        messagesStored.increment(stored == null ? 0 : stored);
    }

    /** The public id of each archive a thread's messages are kept in, created as a placeholder if need be. */
    private Map<String, String> threadArchives(List<ArchiveCommand.AddMessages> adds) {
        Set<String> ids = adds.stream().flatMap(add -> add.messages().stream())
                .map(StoredMessage::thread).filter(t -> t != null && t.archiveId() != null)
                .map(ArchiveMessage.ThreadLink::archiveId).collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> publicIds = new HashMap<>();
        findOrCreate(ids).forEach((id, archive) -> publicIds.put(id, archive.publicId()));
        return publicIds;
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

    /** What reads publish of a thread: its archive by public id, never the bot's internal one. */
    private static StoredThread thread(ArchiveMessage.ThreadLink thread, Map<String, String> archives) {
        return new StoredThread(thread.id(), thread.name(), thread.messageCount(),
                thread.archiveId() == null ? null : archives.get(thread.archiveId()));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record StoredThread(String id, String name, Integer messageCount, String publicId) {
    }

    /**
     * The first naming of a user, role or channel in an archive wins, as the first creation does.
     * Authors are named in the statement that stores their messages, so a bot that names nobody
     * costs no round trip here.
     */
    private void name(List<ArchiveCommand.AddMessages> adds, Map<String, StoredArchive> archives) {
        Map<List<Object>, Mention> first = new LinkedHashMap<>();
        for (ArchiveCommand.AddMessages add : adds) {
            long archive = archives.get(add.archiveId()).id();
            add.mentions().forEach(m -> first.putIfAbsent(List.of(archive, m.kind(), m.id()), m));
        }
        if (first.isEmpty()) {
            return;
        }
        List<Long> archiveIds = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> avatars = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        first.forEach((key, m) -> {
            archiveIds.add((Long) key.getFirst());
            kinds.add(String.valueOf(m.kind()));
            ids.add(m.id());
            names.add(m.name());
            avatars.add(m.avatarHash());
            colors.add(m.color());
        });
        jdbc.update("""
                INSERT INTO archive_mention (archive_id, kind, mention_id, name, avatar_hash, color)
                SELECT * FROM unnest(?::bigint[], ?::"char"[], ?::bigint[], ?::text[], ?::text[], ?::integer[])
                ON CONFLICT DO NOTHING""", ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, array(c, "bigint", archiveIds.toArray()));
            ps.setArray(2, array(c, "text", kinds.toArray()));
            ps.setArray(3, array(c, "bigint", ids.toArray()));
            ps.setArray(4, array(c, "text", names.toArray()));
            ps.setArray(5, array(c, "text", avatars.toArray()));
            ps.setArray(6, array(c, "integer", colors.toArray()));
        });
    }

    private void seal(Map<String, Instant> seals, Map<String, StoredArchive> archives) {
        List<Object[]> rows = new ArrayList<>();
        seals.forEach((id, at) -> rows.add(new Object[] {Timestamp.from(at), archives.get(id).id()}));
        jdbc.batchUpdate("UPDATE archive SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL", rows);
    }

    /** A takedown: the messages are removed in this transaction, so no read finds them afterwards. */
    private void delete(Map<String, String> deletions, Map<String, StoredArchive> archives) {
        if (deletions.isEmpty()) {
            return;
        }
        Object[] keys = deletions.keySet().stream().map(id -> archives.get(id).id()).toArray();
        jdbc.update("DELETE FROM archive_message WHERE archive_id = ANY (?)",
                ps -> ps.setArray(1, array(ps.getConnection(), "bigint", keys)));
        jdbc.update("DELETE FROM archive_mention WHERE archive_id = ANY (?)",
                ps -> ps.setArray(1, array(ps.getConnection(), "bigint", keys)));
        List<Object[]> rows = new ArrayList<>();
        deletions.forEach((id, reason) -> rows.add(new Object[] {reason, archives.get(id).id()}));
        jdbc.batchUpdate("""
                UPDATE archive SET deleted_at = coalesce(deleted_at, now()), deleted_reason = coalesce(deleted_reason, ?),
                       message_count = 0
                WHERE id = ?""", rows);
    }

    private static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private record StoredArchive(String internalId, long id, String publicId, Instant expiresAt, boolean deleted,
            Instant sealedAt) {
    }
}
