package dev.milk.writes.archive;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.UserForget;
import dev.milk.archive.ArchiveMessage;
import dev.milk.writes.forget.Forgotten;

/**
 * Forgets a user in archives, as a removal does to a message: their messages lose content, parts,
 * reactions, earlier versions, search documents and copies, keeping their place (id, time, reply
 * link); their name becomes "Deleted user" and their avatar goes, on their messages and wherever
 * the archive names them (so a mention reads "@Deleted user"). Their id stays, so their later
 * records are recognised. Records arriving after the forget are stored forgotten: their content
 * never reaches a table, and the same statements then drop what a stored message had kept.
 */
final class ArchiveForgetting {

    private static final String DELETED_USER = UserForget.DELETED_USER;

    /** The archives changed, and how many of their messages. */
    record Changed(int archives, int messages) {
    }

    private final JdbcTemplate jdbc;
    private final ArchiveContents contents;

    ArchiveForgetting(JdbcTemplate jdbc, ArchiveContents contents) {
        this.jdbc = jdbc;
        this.contents = contents;
    }

    /** @param guildId null: every guild */
    Changed forget(Long guildId, long userId) {
        // Every author is named in archive_mention; a guild's archives lead to its messages by key.
        List<Long> archives = jdbc.queryForList("""
                SELECT a.id FROM archive a
                WHERE (a.guild_id = ? OR ?::bigint IS NULL)
                  AND (EXISTS (SELECT FROM archive_mention n WHERE n.archive_id = a.id AND n.kind = 'u' AND n.mention_id = ?)
                       OR EXISTS (SELECT FROM archive_message m WHERE m.archive_id = a.id AND m.author_id = ?))
                ORDER BY a.id""", Long.class, guildId, guildId, userId, userId);
        int changedArchives = 0;
        int changedMessages = 0;
        for (long archive : archives) {
            int messages = forgetIn(archive, userId);
            if (messages >= 0) {
                changedArchives++;
                changedMessages += messages;
            }
        }
        return new Changed(changedArchives, changedMessages);
    }

    /**
     * Forgets the user in one archive, bumping its revision and telling the reads replicas when
     * anything changed.
     *
     * @return how many messages changed, or -1 when nothing did
     */
    int forgetIn(long archive, long userId) {
        // Waits for a search indexing of this archive in progress, so its documents are seen and deleted below.
        jdbc.queryForList("SELECT id FROM archive WHERE id = ? FOR UPDATE", Long.class, archive);
        int messages = jdbc.update("""
                UPDATE archive_message
                SET content = '', attachments = '[]', embeds = '[]', stickers = '[]', reactions = NULL, thread = NULL,
                    poll = NULL, forwarded = NULL, components = NULL, author_extras = NULL, interaction = NULL,
                    system_details = NULL, author_name = ?, author_avatar_hash = NULL, author_color = NULL
                WHERE archive_id = ? AND author_id = ?
                  AND (content <> '' OR attachments <> '[]' OR embeds <> '[]' OR stickers <> '[]'
                       OR reactions IS NOT NULL OR thread IS NOT NULL OR poll IS NOT NULL OR forwarded IS NOT NULL
                       OR components IS NOT NULL OR author_extras IS NOT NULL OR interaction IS NOT NULL
                       OR system_details IS NOT NULL
                       OR author_name <> ? OR author_avatar_hash IS NOT NULL OR author_color IS NOT NULL)""",
                DELETED_USER, archive, userId, DELETED_USER);
        int named = jdbc.update("""
                UPDATE archive_mention SET name = ?, avatar_hash = NULL, color = NULL
                WHERE archive_id = ? AND kind = 'u' AND mention_id = ?
                  AND (name <> ? OR avatar_hash IS NOT NULL OR color IS NOT NULL)""",
                DELETED_USER, archive, userId, DELETED_USER);
        // Who used a command is named inside the bot's answer: that name goes too.
        named += jdbc.update("""
                UPDATE archive_message SET interaction = jsonb_set(interaction, '{user}',
                    jsonb_build_object('id', interaction->'user'->>'id', 'name', ?::text))
                WHERE archive_id = ? AND interaction->'user'->>'id' = ?::text
                  AND (interaction->'user'->>'name' <> ? OR interaction->'user'->>'avatarHash' IS NOT NULL)""",
                DELETED_USER, archive, Long.toString(userId), DELETED_USER);
        Long[] ids = jdbc.queryForList("SELECT message_id FROM archive_message WHERE archive_id = ? AND author_id = ?",
                Long.class, archive, userId).toArray(Long[]::new);
        // The search rows are written from the message rows: emptied with them, they are rewritten below.
        boolean kept = ids.length > 0 && Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT FROM archive_message_version WHERE archive_id = ? AND message_id = ANY (?))
                    OR EXISTS (SELECT FROM archive_media WHERE archive_id = ? AND message_id = ANY (?))""",
                Boolean.class, archive, ids, archive, ids));
        if (kept) {
            contents.deleteRemoved(archive, ids);
        }
        if (kept || messages > 0) {
            ArchiveSearchIndexer.rewrite(jdbc, archive, ids);
        }
        if (messages == 0 && named == 0 && !kept) {
            return -1;
        }
        jdbc.update("UPDATE archive SET revision = revision + 1 WHERE id = ?", archive);
        ArchiveChanges.announce(jdbc, List.of(archive));
        return messages;
    }

    /**
     * At an archive's creation: its guild's forgets, and those of every guild, apply to the
     * messages that came before it (an archive's guild is unknown until then).
     */
    void applyForgets(long archive, long guildId) {
        jdbc.queryForList("""
                SELECT DISTINCT f.user_id FROM user_forget f
                WHERE (f.guild_id = ? OR f.guild_id IS NULL)
                  AND (EXISTS (SELECT FROM archive_mention n WHERE n.archive_id = ? AND n.kind = 'u' AND n.mention_id = f.user_id)
                       OR EXISTS (SELECT FROM archive_message m WHERE m.archive_id = ? AND m.author_id = f.user_id))
                ORDER BY f.user_id""", Long.class, guildId, archive, archive)
                .forEach(user -> forgetIn(archive, user));
    }

    /** A message of a forgotten author as it is stored: its place only. */
    static StoredMessage placeOf(StoredMessage m) {
        return new StoredMessage(m.id(), m.authorId(), DELETED_USER, null, m.authorIsBot(), "", m.createdAt(),
                m.editedAt(), m.replyToId(), List.of(), List.of(), List.of(), m.type(), null, List.of(), null, null,
                null, m.flags(), List.of(), null, null, null, m.pinned());
    }

    /** The record with its forgotten authors' messages and names forgotten; the same record when none is. */
    static ArchiveCommand.AddMessages forgotten(ArchiveCommand.AddMessages add, Forgotten forgotten, Long guildId) {
        if (forgotten.isEmpty()) {
            return add;
        }
        List<StoredMessage> messages = add.messages().stream()
                .map(m -> forgotten.covers(m.authorId(), guildId) ? placeOf(m)
                        : m.interaction() != null && forgotten.covers(Long.parseLong(m.interaction().user().id()), guildId)
                        ? m.withInteraction(new ArchiveMessage.InteractionMetadata(m.interaction().id(), m.interaction().type(),
                                new ArchiveMessage.MentionedUser(m.interaction().user().id(), DELETED_USER, null),
                                m.interaction().name()))
                        : m).toList();
        List<Mention> mentions = add.mentions().stream()
                .map(n -> n.kind() == Mention.USER && forgotten.covers(n.id(), guildId)
                        ? new Mention(Mention.USER, n.id(), DELETED_USER, null, null) : n)
                .toList();
        return new ArchiveCommand.AddMessages(add.archiveId(), messages, mentions, add.refused());
    }
}
