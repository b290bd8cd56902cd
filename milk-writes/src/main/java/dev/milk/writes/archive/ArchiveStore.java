package dev.milk.writes.archive;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.EventJson;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.writes.media.StoredCopies;
import dev.milk.writes.store.CsvCopy;
import dev.milk.writes.store.PublicIdRows;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of archive commands in the caller's transaction. Idempotent like the raid store:
 * the first creation and the first seal win, messages already stored are ignored. A deleted or
 * expired archive takes no more messages: content that was taken down never comes back. A sealed
 * one takes no new message nor edit either: the record is refused with the reason (a redelivered
 * record whose messages are all stored is not). Redactions apply to sealed archives too: privacy
 * outranks immutability, and the archive's revision tells every cache. A removal, a takedown or
 * an expiry deletes the media copies of what it removes, in the same transaction.
 */
final class ArchiveStore {

    private final JdbcTemplate jdbc;
    private final PublicIdRows<StoredArchive> rows;
    private final Counter messagesStored;
    private final StoredCopies copies;
    private final boolean copyMedia;

    /** @param copyMedia whether to queue the media of stored messages for copying */
    ArchiveStore(JdbcTemplate jdbc, Counter messagesStored, StoredCopies copies, boolean copyMedia) {
        this.jdbc = jdbc;
        this.messagesStored = messagesStored;
        this.copies = copies;
        this.copyMedia = copyMedia;
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
        List<ArchiveCommand.Redact> redactions = new ArrayList<>();
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
                            + add.messages().size() + " messages are new or edited, and a sealed archive takes none"));
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
                case ArchiveCommand.Redact redact -> redactions.add(redact);
                case ArchiveCommand.AddMessages add -> {
                    // stored below, once every deletion and expiry of the batch is known
                }
            }
        }

        describe(creations.values(), archives);
        // Neither taken down nor expired, counting this batch's deletions and expiries.
        Predicate<String> open = id -> !deleted.contains(id) && (expiries.get(id) == null || expiries.get(id).isAfter(now));
        List<ArchiveCommand.AddMessages> accepted = commands.stream()
                .filter(ArchiveCommand.AddMessages.class::isInstance).map(ArchiveCommand.AddMessages.class::cast)
                .filter(add -> !afterSeal.contains(add))
                .filter(add -> open.test(add.archiveId()))
                .toList();
        copyMessages(accepted, archives);
        // After the batch's messages, so a removal also covers messages that arrive with it.
        redactions.stream()
                .filter(r -> open.test(r.archiveId()))
                .forEach(r -> redact(r, archives.get(r.archiveId()), now));
        seal(seals, archives);
        delete(deletions, archives);

        Map<String, String> publicIds = new HashMap<>();
        archives.forEach((id, archive) -> publicIds.put(id, archive.publicId()));
        return new Applied(publicIds, refusals);
    }

    /** How many of {@code messages} the archive does not hold yet, or holds in an earlier version. */
    private long notStored(StoredArchive archive, List<StoredMessage> messages) {
        Long fresh = jdbc.queryForObject("""
                SELECT count(*) FROM unnest(?::bigint[], ?::timestamptz[]) AS i (message_id, edited_at)
                LEFT JOIN archive_message m ON m.archive_id = ? AND m.message_id = i.message_id
                WHERE m.message_id IS NULL
                   OR (m.redaction_id IS NULL AND i.edited_at > coalesce(m.edited_at, '-infinity'))""", Long.class,
                messages.stream().map(StoredMessage::id).toArray(Long[]::new),
                messages.stream().map(m -> m.editedAt() == null ? null : Timestamp.from(m.editedAt())).toArray(Timestamp[]::new),
                archive.id());
        return fresh == null ? 0 : fresh;
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
        Versions versions = Versions.of(adds, id -> archives.get(id).id());
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_archive_message
                (LIKE archive_message INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""");
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            CsvCopy.into(connection, "COPY incoming_archive_message", copy -> {
                for (ArchiveCommand.AddMessages add : adds) {
                    long archive = archives.get(add.archiveId()).id();
                    for (StoredMessage m : add.messages()) {
                        if (!versions.isLatest(archive, m)) {
                            continue;
                        }
                        copy.value(archive).value(m.id()).value(m.authorId()).value(m.authorName())
                                .value(m.authorAvatarHash()).value(m.authorIsBot()).value(m.content())
                                .value(m.createdAt()).value(m.editedAt()).value(m.replyToId())
                                .value(json(m.attachments())).value(json(m.embeds())).value(json(m.stickers()))
                                .value(m.type()).value(m.authorColor() == null ? null : m.authorColor().longValue())
                                .value(m.reactions().isEmpty() ? null : json(m.reactions()))
                                .value(m.thread() == null ? null : json(thread(m.thread(), threadArchives)))
                                .value(m.poll() == null ? null : json(m.poll()))
                                .value(m.forwarded() == null ? null : json(m.forwarded()))
                                .value((Long) null)   // redaction_id: a new message is not removed
                                .endRow();
                    }
                }
            });
            return null;
        });
        keepEarlierVersions(versions.earlier());
        if (versions.anyEdited()) {
            applyEdits();
        }
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
        if (copyMedia) {
            queueMedia(adds, archives, versions);
        }
    }

    /**
     * Queues every link to a file or image of the batch's stored messages for copying (a copy job
     * downloads them after this transaction); a link queued before is not queued again.
     */
    private void queueMedia(List<ArchiveCommand.AddMessages> adds, Map<String, StoredArchive> archives, Versions versions) {
        List<Long> archiveIds = new ArrayList<>();
        List<Long> messageIds = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (ArchiveCommand.AddMessages add : adds) {
            long archive = archives.get(add.archiveId()).id();
            for (StoredMessage m : add.messages()) {
                if (versions.isLatest(archive, m)) {
                    for (MediaLinks.Link link : MediaLinks.of(m)) {
                        archiveIds.add(archive);
                        messageIds.add(m.id());
                        urls.add(link.url());
                        kinds.add(link.kind());
                    }
                }
            }
        }
        if (urls.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO archive_media (archive_id, message_id, url, kind)
                SELECT l.archive_id, l.message_id, l.url, l.kind
                FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS l (archive_id, message_id, url, kind)
                JOIN archive_message m USING (archive_id, message_id)
                WHERE m.redaction_id IS NULL
                ON CONFLICT DO NOTHING""", ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, array(c, "bigint", archiveIds.toArray()));
            ps.setArray(2, array(c, "bigint", messageIds.toArray()));
            ps.setArray(3, array(c, "text", urls.toArray()));
            ps.setArray(4, array(c, "text", kinds.toArray()));
        });
    }

    /**
     * An edit replaces the stored message when it is later than what is stored; what it replaces
     * becomes a version. The self-join reads the row as it was before this statement changed it.
     */
    private void applyEdits() {
        jdbc.update("""
                WITH edited AS (
                    UPDATE archive_message m
                    SET content = i.content, edited_at = i.edited_at, attachments = i.attachments, embeds = i.embeds,
                        reactions = i.reactions, thread = i.thread, poll = i.poll
                    FROM incoming_archive_message i, archive_message before
                    WHERE m.archive_id = i.archive_id AND m.message_id = i.message_id
                      AND before.archive_id = m.archive_id AND before.message_id = m.message_id
                      AND i.edited_at > coalesce(m.edited_at, '-infinity') AND m.redaction_id IS NULL
                    RETURNING m.archive_id, m.message_id, coalesce(before.edited_at, before.created_at) AS version_at,
                              before.content, before.attachments, before.embeds
                ), kept AS (
                    INSERT INTO archive_message_version SELECT * FROM edited ON CONFLICT DO NOTHING
                )
                UPDATE archive SET revision = revision + 1
                WHERE id IN (SELECT archive_id FROM edited)""");
    }

    /** Versions a batch carried before its latest one (a message sent and edited within one batch). */
    private void keepEarlierVersions(List<Versions.Earlier> earlier) {
        if (earlier.isEmpty()) {
            return;
        }
        List<Object[]> rows = earlier.stream().map(e -> new Object[] {e.archive(), e.message().id(),
            Timestamp.from(e.message().versionAt()), e.message().content(), json(e.message().attachments()),
            json(e.message().embeds()), e.archive(), e.message().id()}).toList();
        jdbc.batchUpdate("""
                INSERT INTO archive_message_version (archive_id, message_id, version_at, content, attachments, embeds)
                SELECT ?, ?, ?, ?, ?::jsonb, ?::jsonb
                WHERE NOT EXISTS (SELECT FROM archive_message
                                  WHERE archive_id = ? AND message_id = ? AND redaction_id IS NOT NULL)
                ON CONFLICT DO NOTHING""", rows);
    }

    /**
     * A removal for privacy: the messages' content, parts and versions are deleted in this
     * transaction, their place and author kept with a reference to the audit row. A message not
     * stored yet gets its place now, so when it arrives it is not stored at all. A redelivered
     * removal finds its audit row and changes nothing.
     */
    private void redact(ArchiveCommand.Redact redaction, StoredArchive archive, Instant now) {
        Long[] ids = redaction.messageIds().toArray(Long[]::new);
        // Waits for a search indexing of this archive in progress, so its documents are seen and deleted below.
        jdbc.queryForList("SELECT id FROM archive WHERE id = ? FOR UPDATE", Long.class, archive.id());
        List<Long> audit = jdbc.query("""
                INSERT INTO archive_redaction (archive_id, redacted_at, redacted_by, reason, message_ids)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id""", (rs, n) -> rs.getLong(1),
                archive.id(), Timestamp.from(redaction.at() == null ? now : redaction.at()), redaction.by(),
                redaction.reason(), ids);
        if (audit.isEmpty()) {
            return;
        }
        long auditId = audit.getFirst();
        jdbc.update("""
                UPDATE archive_message
                SET content = '', attachments = '[]', embeds = '[]', stickers = '[]', reactions = NULL, thread = NULL,
                    poll = NULL, forwarded = NULL, redaction_id = ?
                WHERE archive_id = ? AND message_id = ANY (?) AND redaction_id IS NULL""", auditId, archive.id(), ids);
        for (String table : List.of("archive_message_version", "archive_search")) {
            jdbc.update("DELETE FROM " + table + " WHERE archive_id = ? AND message_id = ANY (?)", archive.id(), ids);
        }
        copies.forget(archive.id(), ids);
        // A place for each message not stored yet: its time is the one its snowflake carries.
        jdbc.update("""
                WITH placed AS (
                    INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                                 created_at, attachments, embeds, stickers, redaction_id)
                    SELECT ?, id, 0, '', false, '', milk_millis((id >> 22) + 1420070400000), '[]', '[]', '[]', ?
                    FROM unnest(?::bigint[]) AS id
                    ON CONFLICT DO NOTHING
                    RETURNING 1
                )
                UPDATE archive SET revision = revision + 1, message_count = message_count + (SELECT count(*) FROM placed)
                WHERE id = ?""", archive.id(), auditId, ids, archive.id());
        ArchiveChanges.announce(jdbc, List.of(archive.id()));
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
        Long[] keys = deletions.keySet().stream().map(id -> archives.get(id).id()).toArray(Long[]::new);
        jdbc.update("DELETE FROM archive_message WHERE archive_id = ANY (?)",
                ps -> ps.setArray(1, array(ps.getConnection(), "bigint", keys)));
        for (String table : List.of("archive_mention", "archive_message_version", "archive_redaction", "archive_search")) {
            jdbc.update("DELETE FROM " + table + " WHERE archive_id = ANY (?)",
                    ps -> ps.setArray(1, array(ps.getConnection(), "bigint", keys)));
        }
        copies.forgetArchives(keys);
        List<Object[]> rows = new ArrayList<>();
        deletions.forEach((id, reason) -> rows.add(new Object[] {reason, archives.get(id).id()}));
        jdbc.batchUpdate("""
                UPDATE archive SET deleted_at = coalesce(deleted_at, now()), deleted_reason = coalesce(deleted_reason, ?),
                       message_count = 0
                WHERE id = ?""", rows);
        ArchiveChanges.announce(jdbc, Arrays.asList(keys));
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
