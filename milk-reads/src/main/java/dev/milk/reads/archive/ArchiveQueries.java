package dev.milk.reads.archive;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.RowStream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Archive reads, keyset-paginated by message id (a snowflake: the channel's own order). */
final class ArchiveQueries {

    /**
     * A message's columns. A thread kept in an archive of another guild is shown without its link:
     * the writer refuses such a link when it knows both guilds, and this holds when it could not
     * (a thread's archive created, by another guild, after the link was stored).
     */
    private static final String MESSAGE_COLUMNS = """
            message_id, author_id, author_name, author_avatar_hash, author_is_bot, content, created_at,
            edited_at, reply_to_id, attachments::text AS attachments, embeds::text AS embeds, stickers::text AS stickers,
            message_type, author_color, reactions::text AS reactions, poll::text AS poll, forwarded::text AS forwarded,
            redaction_id, flags, components::text AS components, author_extras::text AS author_extras,
            interaction::text AS interaction, system_details::text AS system_details, pinned,
            (CASE WHEN archive_message.thread->>'publicId' IS NOT NULL AND EXISTS (
                      SELECT FROM archive here, archive there
                      WHERE here.id = archive_message.archive_id AND there.public_id = archive_message.thread->>'publicId'
                        AND there.guild_id <> here.guild_id)
                  THEN archive_message.thread - 'publicId' ELSE archive_message.thread END)::text AS thread""";
    private static final String COLUMNS = "SELECT " + MESSAGE_COLUMNS + " FROM archive_message";
    private static final String COPY_COLUMNS =
            "message_id, url, kind, state, media_key, content_type, size, error FROM archive_media";
    /** A found message's columns, and where it matched (the content translated as {@link Excerpt} reads it). */
    private static final String FOUND_COLUMNS = "SELECT " + MESSAGE_COLUMNS
            + ", ts_headline('simple', translate(content, :from, :to), query, :options) AS headline ";
    /** A found message's columns when only operators were searched for: no match to mark. */
    private static final String FILTERED_COLUMNS = "SELECT " + MESSAGE_COLUMNS + ", NULL AS headline ";
    private static final TypeReference<List<MessageParts.Attachment>> ATTACHMENTS = new TypeReference<>() { };
    private static final TypeReference<List<MessageParts.Embed>> EMBEDS = new TypeReference<>() { };
    private static final TypeReference<List<MessageParts.Sticker>> STICKERS = new TypeReference<>() { };
    private static final TypeReference<List<MessageParts.Reaction>> REACTIONS = new TypeReference<>() { };
    private static final TypeReference<List<MessageParts.Component>> COMPONENTS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    /** The searches' own pool: what reads a whole archive never takes a page's connection. */
    private final JdbcClient searchJdbc;
    private final JsonMapper json;
    /** Sealed archives' page starts by archive: a few pages' worth each, at most 2 MB in all. */
    private final Cache<PageStartsKey, long[]> sealedPageStarts = Caffeine.newBuilder()
            .maximumWeight(250_000).weigher((PageStartsKey key, long[] starts) -> starts.length + 1).build();

    ArchiveQueries(DataSource readsDataSource, DataSource searchDataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.searchJdbc = JdbcClient.create(searchDataSource);
        this.json = json;
    }

    /** An archive's header and who may read it (ArchiveAccess), in one query. */
    record Guarded(ArchiveSummary summary, ArchiveAccess.Guard guard) {
    }

    Optional<Guarded> guarded(String publicId) {
        return jdbc.sql("SELECT a.id, a.public_id, a.channel_id, a.channel_name, a.reason, a.created_by, a.created_at, "
                        + "a.expires_at, a.sealed_at, a.deleted_at, a.message_count, a.revision, "
                        + "a.search_indexed_at IS NOT NULL AS search_indexed, " + ArchiveAccess.ARCHIVE_GUARD_COLUMNS
                        + " FROM archive a LEFT JOIN guild_access g ON g.guild_id = a.guild_id WHERE a.public_id = :publicId")
                .param("publicId", publicId)
                .query((rs, n) -> new Guarded(new ArchiveSummary(rs.getLong("id"), rs.getString("public_id"),
                        rs.getObject("guild_id", Long.class), rs.getObject("channel_id", Long.class),
                        rs.getString("channel_name"), rs.getString("reason"), rs.getObject("created_by", Long.class),
                        instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "sealed_at"),
                        instant(rs, "deleted_at"), rs.getLong("message_count"), rs.getInt("revision"),
                        rs.getBoolean("search_indexed")), ArchiveAccess.Guard.ofArchive(rs)))
                .optional();
    }

    /** Up to {@code limit} messages after {@code afterId} (all from the start when null), in order. */
    List<ArchivedMessage> page(ArchiveSummary archive, Long afterId, int limit) {
        return jdbc.sql(COLUMNS + " WHERE archive_id = :archive AND message_id > :after ORDER BY message_id LIMIT :limit")
                .param("archive", archive.key())
                .param("after", afterId == null ? Long.MIN_VALUE : afterId)
                .param("limit", limit)
                .query((rs, n) -> message(rs))
                .list();
    }

    /** A message a search found, and its content with every match marked by ts_headline ({@link Matches}). */
    record Found(ArchivedMessage message, String headline) {
    }

    /**
     * Up to {@code limit} messages after {@code afterId} that match, in the channel's order; removed
     * ones only for {@code is:removed}, and never by a word. A sealed archive, once indexed, is
     * searched through its index ({@code archive_search}); until then (and while it is live) the
     * index answers for the messages it holds and the rest are read and matched one by one through
     * the view that defines the index's rows ({@code archive_message_search}): the same conditions
     * on either.
     */
    List<Found> search(ArchiveSummary archive, SearchQuery query, boolean withWords, Long afterId, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("archive", archive.key());
        params.put("after", afterId == null ? Long.MIN_VALUE : afterId);
        params.put("limit", limit);
        String words = "";
        if (withWords) {
            words = ", websearch_to_tsquery('simple', :q) AS query";
            params.put("from", Excerpt.TRANSLATE_FROM);
            params.put("to", Excerpt.TRANSLATE_TO);
            params.put("options", Excerpt.HEADLINE_OPTIONS);
            params.put("q", query.words());
        }
        // The page of matches first, from the search rows alone; then their messages, by key: a
        // join planned over every row (statistics not yet counting an archive just indexed) once
        // took 110 ms instead of 1.
        String conditions = (withWords ? " AND s.document @@ query" : "")
                + query.filters().sql(params, names -> users(archive, names)) + " ORDER BY s.message_id LIMIT :limit";
        String found = archive.searchIndexed()
                ? matches("archive_search", words, "", conditions)
                // A live archive's index holds its messages up to where the writers' chunks reached
                // (V14), each as the view says it now: the rest, the latest few, are read through the
                // view. One statement, one snapshot: the index and the messages agree.
                // "+ 0": the mark, unknown when planned, made the range look a few rows wide, and the
                // planner read every indexed message's document rather than the words' index (130 ms).
                : "(" + matches("archive_search", words, " AND s.message_id + 0 <= " + INDEXED_THROUGH, conditions)
                + ") UNION ALL (" + matches("archive_message_search", words, " AND s.message_id > " + INDEXED_THROUGH,
                conditions) + ") ORDER BY message_id LIMIT :limit";
        return searchJdbc.sql((withWords ? FOUND_COLUMNS : FILTERED_COLUMNS) + "FROM (" + found + ") found"
                        + " JOIN archive_message USING (archive_id, message_id)" + words + " ORDER BY message_id")
                .params(params)
                .query((rs, n) -> new Found(message(rs), rs.getString("headline")))
                .list();
    }

    /** Where a live archive's search index stands: every message up to this id is in it. */
    private static final String INDEXED_THROUGH =
            "(SELECT coalesce(search_indexed_through, -9223372036854775808) FROM archive WHERE id = :archive)";

    /** The first {@code :limit} rows of {@code table} (the index, or the view) after {@code :after} that match. */
    private static String matches(String table, String words, String range, String conditions) {
        return "SELECT s.archive_id, s.message_id FROM " + table + " s" + words
                + " WHERE s.archive_id = :archive AND s.message_id > :after" + range + conditions;
    }

    /** The ids of the archive's users with one of these names, whatever their case (their first naming). */
    private List<Long> users(ArchiveSummary archive, List<String> names) {
        return searchJdbc.sql("""
                SELECT mention_id FROM archive_mention
                WHERE archive_id = :archive AND kind = 'u' AND lower(name) IN (SELECT lower(n) FROM unnest(ARRAY[:names]::text[]) n)""")
                .param("archive", archive.key())
                .param("names", names)
                .query(Long.class).list();
    }

    /** Whether the query holds anything to search for: punctuation alone does not. */
    boolean hasWords(SearchQuery query) {
        return !query.words().isEmpty()
                && jdbc.sql("SELECT numnode(websearch_to_tsquery('simple', :q)) > 0").param("q", query.words())
                .query(Boolean.class).single();
    }

    /**
     * Where the archive's pages start before {@code until} (a sealed archive's: all of them): the id
     * of every {@code pageSize}th message, ascending. A message after start {@code s} (and before the
     * next) is on the page {@code ?after=s}; before the first, on the first page.
     */
    NavigableSet<Long> pageStarts(ArchiveSummary archive, long until, int pageSize) {
        if (!archive.sealed()) {
            return pageStarts(archive.key(), until, pageSize);
        }
        // Counting to the last result was most of a sealed archive's search (11-15 ms of 20,000
        // messages): its pages never move (a removal or a forget keeps the message's place), so
        // their starts are counted once, to the end, and kept, 8 bytes a page.
        long[] starts = sealedPageStarts.get(new PageStartsKey(archive.key(), pageSize),
                key -> pageStarts(key.archive(), Long.MAX_VALUE, key.pageSize()).stream().mapToLong(Long::longValue)
                        .toArray());
        return LongStream.of(starts).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private record PageStartsKey(long archive, int pageSize) {
    }

    private NavigableSet<Long> pageStarts(long archive, long until, int pageSize) {
        return new TreeSet<>(searchJdbc.sql("""
                SELECT message_id FROM (
                    SELECT message_id, row_number() OVER (ORDER BY message_id) AS n
                    FROM archive_message WHERE archive_id = :archive AND message_id < :until
                ) numbered WHERE n % :size = 0""")
                .param("archive", archive)
                .param("until", until)
                .param("size", pageSize)
                .query(Long.class).list());
    }

    /** The messages a page replies to, wherever they are in the archive. */
    List<ArchivedMessage> byIds(ArchiveSummary archive, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(COLUMNS + " WHERE archive_id = :archive AND message_id IN (:ids)")
                .param("archive", archive.key())
                .param("ids", ids)
                .query((rs, n) -> message(rs))
                .list();
    }

    /** Every message in order, streamed: a transcript of 100,000 messages is never held in memory. */
    void each(ArchiveSummary archive, RowStream.RowWriter<ArchivedMessage> writer) throws IOException {
        RowStream.each((last, limit) -> page(archive, last == null ? null : last.id(), limit), writer);
    }

    /**
     * What a page's messages refer to: the names they mention, the archive's removals, the earlier
     * versions of the edited ones and, when {@code withReplies}, the messages they reply to.
     */
    Related related(ArchiveSummary archive, List<ArchivedMessage> messages, boolean withReplies) {
        Map<Long, ArchivedMessage> replied = new HashMap<>();
        if (withReplies) {
            byIds(archive, messages.stream().map(ArchivedMessage::replyToId).filter(Objects::nonNull).distinct().toList())
                    .forEach(m -> replied.put(m.id(), m));
        }
        return new Related(replied, mentions(archive, Mentions.referenced(messages)), redactions(archive),
                versions(archive, messages.stream().filter(m -> m.editedAt() != null).map(ArchivedMessage::id).toList()),
                copies(archive, messages.stream().map(ArchivedMessage::id).toList()));
    }

    /** Each copy the archive's messages have, once. */
    List<MediaCopies.Copy> storedCopies(ArchiveSummary archive) {
        return jdbc.sql("SELECT DISTINCT ON (media_key) " + COPY_COLUMNS
                        + " WHERE archive_id = :archive AND state = 'stored' ORDER BY media_key")
                .param("archive", archive.key())
                .query((rs, n) -> copy(rs))
                .list();
    }

    /** The media copies of these messages, made, on their way, or given up. */
    private MediaCopies copies(ArchiveSummary archive, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return MediaCopies.NONE;
        }
        return MediaCopies.of(jdbc.sql("SELECT " + COPY_COLUMNS + " WHERE archive_id = :archive AND message_id IN (:ids)")
                .param("archive", archive.key())
                .param("ids", messageIds)
                .query((rs, n) -> copy(rs))
                .list());
    }

    private static MediaCopies.Copy copy(ResultSet rs) throws SQLException {
        return new MediaCopies.Copy(rs.getLong("message_id"), rs.getString("url"), rs.getString("kind"),
                rs.getString("state"), rs.getString("media_key"), rs.getString("content_type"),
                rs.getObject("size", Long.class), rs.getString("error"));
    }

    /** The audit trail of removals, oldest first; the moderators by name where the archive names them. */
    List<Redaction> redactions(ArchiveSummary archive) {
        if (archive.revision() == 0) {
            return List.of();   // nothing was ever removed: no query
        }
        return jdbc.sql("""
                SELECT r.id, r.redacted_at, r.redacted_by, n.name, r.reason, r.message_ids
                FROM archive_redaction r
                LEFT JOIN archive_mention n ON n.archive_id = r.archive_id AND n.kind = 'u' AND n.mention_id = r.redacted_by
                WHERE r.archive_id = :archive ORDER BY r.id""")
                .param("archive", archive.key())
                .query((rs, n) -> new Redaction(rs.getLong("id"), instant(rs, "redacted_at"), rs.getLong("redacted_by"),
                        rs.getString("name"), rs.getString("reason"), List.of((Long[]) rs.getArray("message_ids").getArray())))
                .list();
    }

    /** The earlier versions of these messages, oldest first. */
    private Map<Long, List<MessageVersion>> versions(ArchiveSummary archive, Collection<Long> edited) {
        if (edited.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<MessageVersion>> versions = new HashMap<>();
        jdbc.sql("""
                SELECT message_id, version_at, content, attachments::text AS attachments, embeds::text AS embeds
                FROM archive_message_version
                WHERE archive_id = :archive AND message_id IN (:ids) ORDER BY message_id, version_at""")
                .param("archive", archive.key())
                .param("ids", edited)
                .query(rs -> {
                    versions.computeIfAbsent(rs.getLong("message_id"), id -> new ArrayList<>()).add(new MessageVersion(
                            instant(rs, "version_at"), rs.getString("content"),
                            json.readValue(rs.getString("attachments"), ATTACHMENTS),
                            json.readValue(rs.getString("embeds"), EMBEDS)));
                });
        return versions;
    }

    /** The names a page's messages mention, and only those. */
    Mentions mentions(ArchiveSummary archive, Mentions.Referenced referenced) {
        if (referenced.isEmpty()) {
            return Mentions.NONE;
        }
        return mentions(jdbc.sql("""
                SELECT kind, mention_id, name, avatar_hash, color FROM archive_mention
                WHERE archive_id = :archive AND ((kind = 'u' AND mention_id IN (:users))
                   OR (kind = 'r' AND mention_id IN (:roles)) OR (kind = 'c' AND mention_id IN (:channels)))""")
                .param("archive", archive.key())
                .param("users", orNone(referenced.users()))
                .param("roles", orNone(referenced.roles()))
                .param("channels", orNone(referenced.channels())));
    }

    /** Every name the archive keeps: a transcript streams all of its messages. */
    Mentions allMentions(ArchiveSummary archive) {
        return mentions(jdbc.sql("SELECT kind, mention_id, name, avatar_hash, color FROM archive_mention WHERE archive_id = :archive")
                .param("archive", archive.key()));
    }

    private static Mentions mentions(JdbcClient.StatementSpec query) {
        Map<Long, Mentions.Named> users = new HashMap<>();
        Map<Long, Mentions.Named> roles = new HashMap<>();
        Map<Long, Mentions.Named> channels = new HashMap<>();
        query.query(rs -> {
            var named = new Mentions.Named(rs.getString("name"), rs.getString("avatar_hash"),
                    rs.getObject("color", Integer.class));
            long id = rs.getLong("mention_id");
            switch (rs.getString("kind")) {
                case "r" -> roles.put(id, named);
                case "c" -> channels.put(id, named);
                default -> users.put(id, named);
            }
        });
        return new Mentions(users, roles, channels);
    }

    /** {@code IN ()} is not SQL: an empty set asks for an id no snowflake has. */
    private static Collection<Long> orNone(Collection<Long> ids) {
        return ids.isEmpty() ? List.of(-1L) : ids;
    }

    private ArchivedMessage message(ResultSet rs) throws SQLException {
        String reactions = rs.getString("reactions");
        Long redactionId = rs.getObject("redaction_id", Long.class);
        return ArchivedMessage.builder(rs.getLong("message_id"), instant(rs, "created_at"))
                .authorId(rs.getLong("author_id"))
                .authorName(rs.getString("author_name"))
                .authorAvatarHash(rs.getString("author_avatar_hash"))
                .authorIsBot(rs.getBoolean("author_is_bot"))
                .authorColor(rs.getObject("author_color", Integer.class))
                .content(rs.getString("content"))
                // A removed message keeps the time of its latest version only to name it: shown as never edited.
                .editedAt(redactionId != null ? null : instant(rs, "edited_at"))
                .replyToId(rs.getObject("reply_to_id", Long.class))
                .attachments(json.readValue(rs.getString("attachments"), ATTACHMENTS))
                .embeds(json.readValue(rs.getString("embeds"), EMBEDS))
                .stickers(json.readValue(rs.getString("stickers"), STICKERS))
                .type(rs.getString("message_type"))
                .reactions(reactions == null ? List.of() : json.readValue(reactions, REACTIONS))
                .thread(part(rs.getString("thread"), MessageParts.ThreadLink.class))
                .poll(part(rs.getString("poll"), MessageParts.Poll.class))
                .forwarded(part(rs.getString("forwarded"), MessageParts.Forwarded.class))
                .redactionId(redactionId)
                .flags(rs.getObject("flags", Integer.class))
                .components(part(rs.getString("components"), COMPONENTS))
                .authorExtras(part(rs.getString("author_extras"), MessageParts.AuthorExtras.class))
                .interaction(part(rs.getString("interaction"), MessageParts.InteractionMetadata.class))
                .systemDetails(part(rs.getString("system_details"), MessageParts.SystemDetails.class))
                .pinned(rs.getBoolean("pinned"))
                .build();
    }

    private <T> T part(String stored, Class<T> type) {
        return stored == null ? null : json.readValue(stored, type);
    }

    private <T> T part(String stored, TypeReference<T> type) {
        return stored == null ? null : json.readValue(stored, type);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
