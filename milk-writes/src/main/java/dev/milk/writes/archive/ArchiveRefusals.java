package dev.milk.writes.archive;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.ReplyStatus;
import dev.milk.writes.archive.ArchiveRows.StoredArchive;
import dev.milk.writes.archive.ArchiveStore.Refusal;

/**
 * The three reasons a command about an archive is refused: a creation naming another guild's
 * archive, a message record with new versions for a sealed archive, and a thread link to another
 * guild's archive. Each check reads what the records before it in the batch left.
 */
final class ArchiveRefusals {

    private final JdbcTemplate jdbc;

    ArchiveRefusals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An archive belongs to the guild its first creation names, so no guild learns another's public id. */
    static Refusal otherGuildsArchive(ArchiveCommand.Create create, StoredArchive archive) {
        return archive.guildId() == null || archive.guildId() == create.guildId() ? null
                : Refusal.of(ReplyStatus.OTHER_GUILD, "archive '" + create.archiveId() + "' belongs to guild "
                        + archive.guildId() + ", not " + create.guildId());
    }

    /** A sealed archive's pages are cached as immutable: it takes no new message nor version. */
    Refusal sealed(StoredArchive archive, ArchiveCommand.AddMessages add) {
        long fresh = notStored(archive, add.messages());
        return fresh == 0 ? null : Refusal.of(ReplyStatus.INVALID, "archive '" + add.archiveId() + "' was sealed at "
                + archive.sealedAt() + "; " + fresh + " of " + add.messages().size()
                + " messages are new or edited, and a sealed archive takes none");
    }

    /** A thread kept in an archive of another guild would show that guild's public id. */
    static Refusal threadOfOtherGuild(ArchiveCommand.AddMessages add, StoredArchive archive,
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
}
