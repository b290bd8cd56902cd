package dev.milk.writes.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.milk.writes.access.VisibilityFields;
import dev.milk.writes.event.EventReader;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;

/** Turns a {@code message-archives} record into an {@link ArchiveCommand}, naming any bad field. */
public final class ArchiveCommands {

    public static final int MAX_MESSAGES_PER_RECORD = 1_000;
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_NAME = 100;
    private static final int MAX_REASON = 1_000;
    /**
     * A share link is a copy of the archive handed to whoever holds it: a year bounds what a link
     * forgotten in a chat can open; a moderator who needs longer shares again.
     */
    static final Duration MAX_SHARE = Duration.ofDays(365);

    private ArchiveCommands() {
    }

    /** @return empty for replies, which are not for Milk to act on */
    public static Optional<ArchiveCommand> parse(String key, byte[] value, Instant now) {
        ArchiveEvent event = EventReader.read(value, ArchiveEvent.class);
        if (event instanceof ArchiveEvent.Accepted || event instanceof ArchiveEvent.Refused
                || event instanceof ArchiveEvent.Shared || event instanceof ArchiveEvent.UserForgotten) {
            return Optional.empty();
        }
        // Keyed by the guild: no archive id to check the key against.
        if (event instanceof ArchiveEvent.GuildAccess access) {
            return Optional.of(guildAccess(key, access));
        }
        String archiveId = Fields.token("archiveId", event.archiveId(), MAX_ID_LENGTH, true);
        if (key != null && !key.equals(archiveId)) {
            throw InvalidEventException.field("archiveId",
                    "is '" + archiveId + "' but the record key is not: key records by archive id so they stay in order");
        }
        return Optional.of(switch (event) {
            case ArchiveEvent.Created c -> new ArchiveCommand.Create(archiveId,
                    Fields.snowflake("guildId", c.guildId()),
                    Fields.snowflake("channelId", c.channelId()),
                    Fields.text("channelName", c.channelName(), MAX_NAME),
                    Fields.optionalText("reason", c.reason(), MAX_REASON),
                    Fields.snowflake("createdBy", c.createdBy()),
                    Fields.time("createdAtMillis", c.createdAtMillis(), now),
                    expiry(c.expiresAtMillis()),
                    VisibilityFields.optional("visibility", c.visibility()));
            case ArchiveEvent.Messages m -> messages(archiveId, m, now);
            case ArchiveEvent.Sealed s -> new ArchiveCommand.Seal(archiveId,
                    Fields.time("sealedAtMillis", s.sealedAtMillis(), now));
            case ArchiveEvent.Deleted d -> new ArchiveCommand.Delete(archiveId,
                    Fields.optionalText("reason", d.reason(), MAX_REASON));
            case ArchiveEvent.Redacted r -> redaction(archiveId, r, now);
            case ArchiveEvent.VisibilityChanged v -> new ArchiveCommand.ChangeVisibility(archiveId,
                    VisibilityFields.required("visibility", v.visibility()), Fields.snowflake("by", v.by()),
                    Fields.optionalText("reason", v.reason(), MAX_REASON));
            case ArchiveEvent.Share s -> new ArchiveCommand.Share(archiveId, shareExpiry(s.expiresAtMillis(), now),
                    Fields.snowflake("by", s.by()));
            case ArchiveEvent.ShareRevoked r -> new ArchiveCommand.RevokeShare(archiveId,
                    Fields.token("shareId", r.shareId(), MAX_ID_LENGTH, true), Fields.snowflake("by", r.by()));
            case ArchiveEvent.GuildAccess g -> throw new IllegalStateException("handled above");
            case ArchiveEvent.UserForget v -> throw InvalidEventException.field("type", "user.forget is not stored yet");
            case ArchiveEvent.Shared v -> throw new IllegalStateException("handled above");
            case ArchiveEvent.UserForgotten v -> throw new IllegalStateException("handled above");
            case ArchiveEvent.Accepted a -> throw new IllegalStateException("handled above");
            case ArchiveEvent.Refused r -> throw new IllegalStateException("handled above");
        });
    }

    private static ArchiveCommand.ChangeGuildAccess guildAccess(String key, ArchiveEvent.GuildAccess event) {
        long guildId = Fields.snowflake("guildId", event.guildId());
        if (key != null && !key.equals(event.guildId())) {
            throw InvalidEventException.field("guildId", "is '" + event.guildId()
                    + "' but the record key is not: key guild.access by the guild id so a guild's changes stay in order");
        }
        if (event.staffRoleIds() == null) {
            throw InvalidEventException.field("staffRoleIds", "is required (empty: nobody is staff)");
        }
        return new ArchiveCommand.ChangeGuildAccess(guildId, VisibilityFields.roleIds("staffRoleIds", event.staffRoleIds()),
                VisibilityFields.optional("defaultArchiveVisibility", event.defaultArchiveVisibility()),
                VisibilityFields.optional("defaultRaidVisibility", event.defaultRaidVisibility()),
                Fields.snowflake("by", event.by()));
    }

    /** A share ends in the future, within {@link #MAX_SHARE}. */
    private static Instant shareExpiry(Long millis, Instant now) {
        if (millis == null) {
            throw InvalidEventException.field("expiresAtMillis", "is required: a share link always ends");
        }
        Instant expiresAt = Instant.ofEpochMilli(millis);
        if (!expiresAt.isAfter(now)) {
            throw InvalidEventException.field("expiresAtMillis", "must be in the future (it is " + expiresAt + ")");
        }
        if (expiresAt.isAfter(now.plus(MAX_SHARE))) {
            throw InvalidEventException.field("expiresAtMillis", "must be at most " + MAX_SHARE.toDays()
                    + " days from now: a link handed out opens the archive to whoever holds it, so it ends;"
                    + " share again to extend");
        }
        return expiresAt;
    }

    /** An expiry may lie in the past (the archive is then gone at once) but must be a real time. */
    private static Instant expiry(Long millis) {
        if (millis == null) {
            return null;
        }
        if (millis < Fields.DISCORD_EPOCH.toEpochMilli() || millis > Instant.parse("9999-01-01T00:00:00Z").toEpochMilli()) {
            throw InvalidEventException.field("expiresAtMillis", "must be epoch milliseconds after 2015");
        }
        return Instant.ofEpochMilli(millis);
    }

    private static ArchiveCommand.Redact redaction(String archiveId, ArchiveEvent.Redacted event, Instant now) {
        List<String> ids = event.messageIds();
        if (ids == null || ids.isEmpty()) {
            throw InvalidEventException.field("messageIds", "is required: the ids of the messages to remove");
        }
        if (ids.size() > MAX_MESSAGES_PER_RECORD) {
            throw InvalidEventException.field("messageIds",
                    "has " + ids.size() + " entries; at most " + MAX_MESSAGES_PER_RECORD + " per record");
        }
        TreeSet<Long> messageIds = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            messageIds.add(Fields.snowflake("messageIds[" + i + "]", ids.get(i)));
        }
        return new ArchiveCommand.Redact(archiveId, List.copyOf(messageIds),
                Fields.optionalText("reason", event.reason(), MAX_REASON), Fields.snowflake("by", event.by()),
                Fields.optionalTime("redactedAtMillis", event.redactedAtMillis(), now));
    }

    private static ArchiveCommand.AddMessages messages(String archiveId, ArchiveEvent.Messages event, Instant now) {
        List<ArchiveMessage> messages = event.messages();
        if (messages == null) {
            throw InvalidEventException.field("messages", "is required");
        }
        if (messages.size() > MAX_MESSAGES_PER_RECORD) {
            throw InvalidEventException.field("messages",
                    "has " + messages.size() + " entries; at most " + MAX_MESSAGES_PER_RECORD + " per record");
        }
        // The batch's own list comes first: it is the bot's considered naming, an author's is incidental.
        List<Mention> mentions = new ArrayList<>(
                MessageCheck.mentions("mentions", event.mentions(), MessageCheck.MAX_MENTIONS * 10));
        List<StoredMessage> valid = new ArrayList<>(messages.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                List<Mention> named = new ArrayList<>();
                valid.add(MessageCheck.message("messages[" + i + "]", messages.get(i), now, named));
                mentions.addAll(named);
            } catch (InvalidEventException e) {
                problems.add(e.getMessage());
            }
        }
        if (valid.isEmpty() && !problems.isEmpty()) {
            throw InvalidEventException.field("messages", "none is valid: " + String.join("; ", problems));
        }
        InvalidEventException refused = problems.isEmpty() ? null : new InvalidEventException(
                InvalidEventException.Kind.INVALID_FIELD, problems.size() + " of " + messages.size()
                        + " messages refused, the others stored: " + String.join("; ", problems));
        return new ArchiveCommand.AddMessages(archiveId, valid, mentions, refused);
    }
}
