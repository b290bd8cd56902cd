package dev.milk.writes.archive;

import java.time.Instant;
import java.util.List;

import dev.milk.access.Visibility;
import dev.milk.writes.event.InvalidEventException;

/** A validated archive event. */
public sealed interface ArchiveCommand {

    /** The bot's id of the archive the command is about; null for a guild's commands (keyed by the guild id). */
    String archiveId();

    /** The event's type on the wire. */
    default String type() {
        return switch (this) {
            case Create _ -> Create.TYPE;
            case AddMessages _ -> "archive.messages";
            case Seal _ -> "archive.sealed";
            case Delete _ -> "archive.deleted";
            case Redact _ -> "archive.redacted";
            case ChangeVisibility _ -> "archive.visibility";
            case Share _ -> Share.TYPE;
            case RevokeShare _ -> "archive.share.revoked";
            case ChangeGuildAccess _ -> "guild.access";
        };
    }

    /** @param visibility who may read it, or null for the guild's default (read at every request) */
    record Create(String archiveId, long guildId, long channelId, String channelName, String reason,
            long createdBy, Instant createdAt, Instant expiresAt, Visibility visibility) implements ArchiveCommand {

        public static final String TYPE = "archive.created";
    }

    /**
     * @param messages the valid messages of the record
     * @param mentions the users, roles and channels the record names, first naming first (authors
     *                 are named by the store, from their messages)
     * @param refused  why the others were refused, or null when none was
     */
    record AddMessages(String archiveId, List<StoredMessage> messages, List<Mention> mentions,
            InvalidEventException refused)
            implements ArchiveCommand {
    }

    record Seal(String archiveId, Instant sealedAt) implements ArchiveCommand {
    }

    record Delete(String archiveId, String reason) implements ArchiveCommand {
    }

    /**
     * @param messageIds distinct and ascending, so a redelivered redaction is recognised as the same
     * @param at         when the moderator removed them, or null for when Milk stores it
     */
    record Redact(String archiveId, List<Long> messageIds, String reason, long by, Instant at) implements ArchiveCommand {
    }

    /** {@code archive.visibility}: who may read the archive from now on, who decided it and why. */
    record ChangeVisibility(String archiveId, Visibility visibility, long by, String reason) implements ArchiveCommand {
    }

    /** {@code archive.share}: a link opening the archive without a login until {@code expiresAt}. */
    record Share(String archiveId, Instant expiresAt, long by) implements ArchiveCommand {

        public static final String TYPE = "archive.share";
    }

    /** {@code archive.share.revoked}: the share link {@code shareId} (its public id) opens nothing from now on. */
    record RevokeShare(String archiveId, String shareId, long by) implements ArchiveCommand {
    }

    /**
     * {@code guild.access}: the guild's staff roles and defaults; the latest wins.
     *
     * @param staffRoleIds distinct and ascending, maybe empty (then nobody is staff)
     * @param archives     for archives without a visibility of their own; public when null
     * @param raids        for the guild's raid logs; public when null
     */
    record ChangeGuildAccess(long guildId, List<Long> staffRoleIds, Visibility archives, Visibility raids, long by)
            implements ArchiveCommand {

        @Override
        public String archiveId() {
            return null;
        }
    }
}
