package dev.milk.writes.archive;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.EventJson;
import dev.milk.writes.store.CsvCopy;
import io.micrometer.core.instrument.Counter;

/**
 * Stores the messages of a run of records as versions. Each delivery of a message carries one
 * version, named by when it was written (its edit, or its creation for the original), and what is
 * stored depends only on the set of versions that arrived: not on their order, nor on which
 * records shared a batch. The message row is its latest version; every other version keeps its
 * content, attachments and embeds in {@code archive_message_version}, ordered by time. A version
 * that arrives twice counts once (the first delivery wins). A message removed by moderators takes
 * no more versions; its place keeps the author and time it arrived with, whenever that was.
 *
 * <p>The first naming of a user, role or channel in an archive wins, in the order the records
 * arrived; within a record, its own list of mentions comes before the authors of its messages.
 */
final class IncomingMessages {

    /** The columns of a stored message, every statement names them: old and new writers run side by side. */
    private static final String COLUMNS = """
            archive_id, message_id, author_id, author_name, author_avatar_hash, author_is_bot, content, created_at, \
            edited_at, reply_to_id, attachments, embeds, stickers, message_type, author_color, reactions, thread, \
            poll, forwarded, flags, components, author_extras, interaction, system_details, pinned""";
    private static final String STAGING = "incoming_message_version";
    /** The latest version of each incoming message; the earliest delivery among equals. */
    private static final String LATEST = """
            latest AS (
                SELECT DISTINCT ON (archive_id, message_id) %s
                FROM incoming_message_version
                ORDER BY archive_id, message_id, coalesce(edited_at, created_at) DESC, arrival
            )""".formatted(COLUMNS);
    /** Room for each record's mentions and messages in one ordering of arrivals. */
    private static final long ARRIVALS_PER_RECORD = ArchiveCommands.MAX_MESSAGES_PER_RECORD + 1L;

    /** The messages of one accepted record, and where it stood in the batch. */
    record Delivery(long archive, int position, ArchiveCommand.AddMessages add) {
    }

    private final JdbcTemplate jdbc;
    private final Counter messagesStored;

    IncomingMessages(JdbcTemplate jdbc, Counter messagesStored) {
        this.jdbc = jdbc;
        this.messagesStored = messagesStored;
    }

    /**
     * Stores the deliveries in the caller's transaction. An archive whose stored messages change
     * other than by a new one (an edit, a late earlier version, a removed message's author) gets
     * its revision bumped, so no cache keeps the page from before.
     *
     * @param threads the public id of each archive a thread link names, by the bot's id
     */
    void store(List<Delivery> deliveries, Map<String, String> threads) {
        int rows = stage(deliveries, threads);
        if (rows == 0 && deliveries.stream().allMatch(d -> d.add().mentions().isEmpty())) {
            return;
        }
        Names names = Names.of(deliveries);
        long[] stored = {0};
        Covered late = jdbc.queryForObject("""
                WITH %s, inserted AS (
                    INSERT INTO archive_message (%s)
                    SELECT %s FROM latest
                    ON CONFLICT DO NOTHING
                    RETURNING archive_id, message_id
                ), counts AS (
                    SELECT archive_id, count(*) AS n FROM inserted GROUP BY archive_id
                ), locked AS (
                    UPDATE archive SET message_count = archive.message_count + counts.n
                    FROM counts WHERE archive.id = counts.archive_id
                    RETURNING %s
                ), covered AS (%s
                ), named AS (
                    INSERT INTO archive_mention (archive_id, kind, mention_id, name, avatar_hash, color)
                    SELECT DISTINCT ON (archive_id, kind, mention_id) archive_id, kind, mention_id, name, avatar_hash, color
                    FROM (
                        SELECT n.archive_id, n.kind, n.mention_id, n.name, n.avatar_hash, n.color, n.arrival
                        FROM unnest(?::bigint[], ?::"char"[], ?::bigint[], ?::text[], ?::text[], ?::integer[], ?::bigint[])
                             AS n (archive_id, kind, mention_id, name, avatar_hash, color, arrival)
                        UNION ALL
                        SELECT i.archive_id, 'u', i.author_id, i.author_name, i.author_avatar_hash, NULL, i.arrival
                        FROM incoming_message_version i
                    ) AS candidates
                    ORDER BY archive_id, kind, mention_id, arrival
                    ON CONFLICT DO NOTHING
                )
                %s, (SELECT coalesce(sum(n), 0) FROM counts) AS stored"""
                .formatted(LATEST, COLUMNS, COLUMNS, Covered.LOCKED, Covered.among("inserted"), Covered.SELECT),
                (rs, n) -> {
                    stored[0] = rs.getLong("stored");
                    return Covered.of(rs);
                }, names.parameters());
        messagesStored.increment(stored[0]);
        // A message older than where the live archive's index stands (one arriving late).
        late.rewrite(jdbc);
        if (stored[0] < rows) {
            // Some message was stored before, or came more than once: only then can a stored one change.
            replaceWithLaterVersions();
            keepOtherVersions();
        }
        // The staging rows go with the commit; a batch's next run must not find these.
        jdbc.update("DELETE FROM " + STAGING);
    }

    /** Copies every delivered version into the session's staging table; @return how many */
    private int stage(List<Delivery> deliveries, Map<String, String> threads) {
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_message_version (
                    arrival bigint NOT NULL, archive_id bigint NOT NULL, message_id bigint NOT NULL,
                    author_id bigint NOT NULL, author_name text NOT NULL, author_avatar_hash text,
                    author_is_bot boolean NOT NULL, content text NOT NULL, created_at timestamptz NOT NULL,
                    edited_at timestamptz, reply_to_id bigint, attachments jsonb NOT NULL, embeds jsonb NOT NULL,
                    stickers jsonb NOT NULL, message_type text, author_color integer, reactions jsonb, thread jsonb,
                    poll jsonb, forwarded jsonb, flags integer, components jsonb, author_extras jsonb,
                    interaction jsonb, system_details jsonb, pinned boolean
                ) ON COMMIT DELETE ROWS""");
        int[] rows = {0};
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            CsvCopy.into(connection, "COPY " + STAGING + " (arrival, " + COLUMNS + ")", copy -> {
                for (Delivery delivery : deliveries) {
                    List<StoredMessage> messages = delivery.add().messages();
                    for (int i = 0; i < messages.size(); i++) {
                        StoredMessage m = messages.get(i);
                        copy.value(arrival(delivery, i)).value(delivery.archive()).value(m.id()).value(m.authorId())
                                .value(m.authorName()).value(m.authorAvatarHash()).value(m.authorIsBot())
                                .value(m.content()).value(m.createdAt()).value(m.editedAt()).value(m.replyToId())
                                .value(json(m.attachments())).value(json(m.embeds())).value(json(m.stickers()))
                                .value(m.type()).value(m.authorColor() == null ? null : m.authorColor().longValue())
                                .value(m.reactions().isEmpty() ? null : json(m.reactions()))
                                .value(m.thread() == null ? null : json(thread(m.thread(), threads)))
                                .value(m.poll() == null ? null : json(m.poll()))
                                .value(m.forwarded() == null ? null : json(m.forwarded()))
                                .value(m.flags() == null ? null : m.flags().longValue())
                                .value(m.components().isEmpty() ? null : json(m.components()))
                                .value(m.authorExtras() == null ? null : json(m.authorExtras()))
                                .value(m.interaction() == null ? null : json(m.interaction()))
                                .value(m.systemDetails() == null ? null : json(m.systemDetails()))
                                .value(m.pinned() == null ? null : m.pinned().toString())
                                .endRow();
                        rows[0]++;
                    }
                }
            });
            return null;
        });
        return rows[0];
    }

    /**
     * A later version than the stored one becomes the message, and what it replaces a version.
     * The self-join reads the row as it was before this statement changed it.
     */
    private void replaceWithLaterVersions() {
        jdbc.queryForObject("""
                WITH %s, replaced AS (
                    UPDATE archive_message m
                    SET author_id = l.author_id, author_name = l.author_name, author_avatar_hash = l.author_avatar_hash,
                        author_is_bot = l.author_is_bot, content = l.content, created_at = l.created_at,
                        edited_at = l.edited_at, reply_to_id = l.reply_to_id, attachments = l.attachments,
                        embeds = l.embeds, stickers = l.stickers, message_type = l.message_type,
                        author_color = l.author_color, reactions = l.reactions, thread = l.thread, poll = l.poll,
                        forwarded = l.forwarded, flags = l.flags, components = l.components,
                        author_extras = l.author_extras, interaction = l.interaction, system_details = l.system_details,
                        pinned = l.pinned
                    FROM latest l, archive_message before
                    WHERE m.archive_id = l.archive_id AND m.message_id = l.message_id
                      AND before.archive_id = m.archive_id AND before.message_id = m.message_id
                      AND m.redaction_id IS NULL
                      AND coalesce(l.edited_at, l.created_at) > coalesce(before.edited_at, before.created_at)
                      -- The row itself too: another writer may have stored a later version since this
                      -- statement's snapshot (a zombie during a rebalance), which must not be overwritten.
                      AND coalesce(l.edited_at, l.created_at) > coalesce(m.edited_at, m.created_at)
                    RETURNING m.archive_id, m.message_id, coalesce(before.edited_at, before.created_at) AS version_at,
                              before.content, before.attachments, before.embeds
                ), kept AS (
                    INSERT INTO archive_message_version (archive_id, message_id, version_at, content, attachments, embeds)
                    SELECT archive_id, message_id, version_at, content, attachments, embeds FROM replaced
                    ON CONFLICT DO NOTHING
                ), locked AS (
                    UPDATE archive SET revision = revision + 1
                    WHERE id IN (SELECT archive_id FROM replaced)
                    RETURNING %s
                ), covered AS (%s
                )
                %s""".formatted(LATEST, Covered.LOCKED, Covered.among("replaced"), Covered.SELECT),
                (rs, n) -> Covered.of(rs)).rewrite(jdbc);
    }

    /**
     * Every delivered version earlier than the message's own is kept (an original that arrives
     * after its edit, an edit older than the stored one). A removed message takes no version, but
     * its place keeps the author and time of the latest version that arrived, before or after the
     * removal: the same whatever the order.
     */
    private void keepOtherVersions() {
        jdbc.queryForObject("""
                WITH %s, kept AS (
                    INSERT INTO archive_message_version (archive_id, message_id, version_at, content, attachments, embeds)
                    SELECT DISTINCT ON (i.archive_id, i.message_id, coalesce(i.edited_at, i.created_at))
                           i.archive_id, i.message_id, coalesce(i.edited_at, i.created_at), i.content, i.attachments,
                           i.embeds
                    FROM incoming_message_version i
                    JOIN archive_message m ON m.archive_id = i.archive_id AND m.message_id = i.message_id
                    WHERE m.redaction_id IS NULL
                      AND coalesce(i.edited_at, i.created_at) < coalesce(m.edited_at, m.created_at)
                    ORDER BY i.archive_id, i.message_id, coalesce(i.edited_at, i.created_at), i.arrival
                    ON CONFLICT DO NOTHING
                    RETURNING archive_id
                ), placed AS (
                    UPDATE archive_message m
                    SET author_id = l.author_id, author_name = l.author_name, author_avatar_hash = l.author_avatar_hash,
                        author_is_bot = l.author_is_bot, created_at = l.created_at, edited_at = l.edited_at,
                        reply_to_id = l.reply_to_id, message_type = l.message_type, author_color = l.author_color
                    FROM latest l
                    WHERE m.archive_id = l.archive_id AND m.message_id = l.message_id AND m.redaction_id IS NOT NULL
                      AND (m.author_id = %d
                           OR coalesce(l.edited_at, l.created_at) > coalesce(m.edited_at, m.created_at))
                    RETURNING m.archive_id, m.message_id
                ), locked AS (
                    UPDATE archive SET revision = revision + 1
                    WHERE id IN (SELECT archive_id FROM kept UNION SELECT archive_id FROM placed)
                    RETURNING %s
                ), covered AS (%s
                )
                %s""".formatted(LATEST, ArchiveRedactions.UNKNOWN_AUTHOR, Covered.LOCKED, Covered.among("placed"),
                Covered.SELECT), (rs, n) -> Covered.of(rs)).rewrite(jdbc);
    }

    /**
     * The messages a statement added or changed that an archive's search index covers (V14), read
     * once the statement holds the archive's row ({@code locked}): their rows are written again.
     */
    private record Covered(Long[] archives, Long[] messages) {

        /** What {@code locked} returns of each archive it updated: where its index stood once committed. */
        static final String LOCKED = "archive.id, archive.search_indexed_at IS NOT NULL AS all_indexed, "
                + "archive.search_indexed_through";
        static final String SELECT = """
                SELECT (SELECT array_agg(archive_id ORDER BY archive_id, message_id) FROM covered) AS covered_archives,
                       (SELECT array_agg(message_id ORDER BY archive_id, message_id) FROM covered) AS covered_messages""";

        /** The query of {@code covered}: those of {@code changed}'s messages the index covers. */
        static String among(String changed) {
            return """
                    
                        SELECT c.archive_id, c.message_id FROM %s c JOIN locked l ON l.id = c.archive_id
                        WHERE l.all_indexed OR c.message_id <= l.search_indexed_through""".formatted(changed);
        }

        static Covered of(ResultSet rs) throws SQLException {
            Array archives = rs.getArray("covered_archives");
            Array messages = rs.getArray("covered_messages");
            return new Covered(archives == null ? null : (Long[]) archives.getArray(),
                    messages == null ? null : (Long[]) messages.getArray());
        }

        void rewrite(JdbcTemplate jdbc) {
            if (archives != null) {
                ArchiveSearchIndexer.rewrite(jdbc, archives, messages);
            }
        }
    }

    private static long arrival(Delivery delivery, int message) {
        return delivery.position() * ARRIVALS_PER_RECORD + 1 + message;
    }

    /** The mentions the records name themselves, each once, at its record's place in the order of arrivals. */
    private record Names(List<Long> archives, List<String> kinds, List<Long> ids, List<String> names,
            List<String> avatars, List<Integer> colors, List<Long> arrivals) {

        static Names of(List<Delivery> deliveries) {
            Map<List<Object>, Delivery> first = new LinkedHashMap<>();
            Map<List<Object>, Mention> mentions = new LinkedHashMap<>();
            for (Delivery delivery : deliveries) {
                for (Mention m : delivery.add().mentions()) {
                    List<Object> key = List.of(delivery.archive(), m.kind(), m.id());
                    if (first.putIfAbsent(key, delivery) == null) {
                        mentions.put(key, m);
                    }
                }
            }
            Names names = new Names(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            mentions.forEach((key, m) -> {
                Delivery delivery = first.get(key);
                names.archives.add(delivery.archive());
                names.kinds.add(String.valueOf(m.kind()));
                names.ids.add(m.id());
                names.names.add(m.name());
                names.avatars.add(m.avatarHash());
                names.colors.add(m.color());
                names.arrivals.add(delivery.position() * ARRIVALS_PER_RECORD);
            });
            return names;
        }

        Object[] parameters() {
            return new Object[] {archives.toArray(Long[]::new), kinds.toArray(String[]::new), ids.toArray(Long[]::new),
                names.toArray(String[]::new), avatars.toArray(String[]::new), colors.toArray(Integer[]::new),
                arrivals.toArray(Long[]::new)};
        }
    }

    /** What reads publish of a thread: its archive by public id, never the bot's internal one. */
    private static StoredThread thread(ArchiveMessage.ThreadLink thread, Map<String, String> archives) {
        return new StoredThread(thread.id(), thread.name(), thread.messageCount(),
                thread.archiveId() == null ? null : archives.get(thread.archiveId()));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record StoredThread(String id, String name, Integer messageCount, String publicId) {
    }

    static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }

}
