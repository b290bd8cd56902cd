package dev.milk.writes.archive;

import java.time.Instant;
import java.util.List;

import dev.milk.writes.event.InvalidEventException;

/** A validated archive event. */
public sealed interface ArchiveCommand {

    String archiveId();

    /** The event's type on the wire. */
    default String type() {
        return switch (this) {
            case Create _ -> Create.TYPE;
            case AddMessages _ -> "archive.messages";
            case Seal _ -> "archive.sealed";
            case Delete _ -> "archive.deleted";
            case Redact _ -> "archive.redacted";
            case Forget _ -> Forget.TYPE;
        };
    }

    record Create(String archiveId, long guildId, long channelId, String channelName, String reason,
            long createdBy, Instant createdAt, Instant expiresAt) implements ArchiveCommand {

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

    /**
     * A user forgotten in one guild's archives and raids, or in every guild's: it names no archive.
     *
     * @param guildId null: every guild
     */
    record Forget(Long guildId, long userId, long requestedBy, String reason) implements ArchiveCommand {

        public static final String TYPE = "user.forget";

        @Override
        public String archiveId() {
            return null;
        }
    }
}
