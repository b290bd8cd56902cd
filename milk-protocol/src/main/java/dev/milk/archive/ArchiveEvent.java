package dev.milk.archive;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record of the {@code message-archives} topic, as it travels; its {@code type} picks the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ArchiveEvent.Created.class, name = "archive.created"),
    @JsonSubTypes.Type(value = ArchiveEvent.Messages.class, name = "archive.messages"),
    @JsonSubTypes.Type(value = ArchiveEvent.Sealed.class, name = "archive.sealed"),
    @JsonSubTypes.Type(value = ArchiveEvent.Deleted.class, name = "archive.deleted"),
    @JsonSubTypes.Type(value = ArchiveEvent.Redacted.class, name = "archive.redacted"),
    @JsonSubTypes.Type(value = ArchiveEvent.Accepted.class, name = "archive.accepted"),
    @JsonSubTypes.Type(value = ArchiveEvent.Refused.class, name = "archive.refused")
})
public sealed interface ArchiveEvent {

    String archiveId();

    record Created(String archiveId, String guildId, String channelId, String channelName, String reason,
            String createdBy, Long createdAtMillis, Long expiresAtMillis) implements ArchiveEvent {
    }

    /**
     * @param mentions optional: who and what the batch's messages mention, when a bot would rather
     *                 name each once per batch than on every message
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Messages(String archiveId, List<ArchiveMessage> messages, ArchiveMessage.Mentions mentions)
            implements ArchiveEvent {

        public Messages(String archiveId, List<ArchiveMessage> messages) {
            this(archiveId, messages, null);
        }
    }

    record Sealed(String archiveId, Long sealedAtMillis) implements ArchiveEvent {
    }

    record Deleted(String archiveId, String reason) implements ArchiveEvent {
    }

    /**
     * Moderators remove some messages for privacy: their content, attachments and copies are
     * deleted, and the archive keeps who removed which, when and why.
     *
     * @param by               the moderator's user id
     * @param redactedAtMillis optional: when they removed them (else when Milk stores it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Redacted(String archiveId, List<String> messageIds, String reason, String by, Long redactedAtMillis)
            implements ArchiveEvent {
    }

    /** Milk's reply to {@link Created}. */
    record Accepted(String archiveId, String publicId) implements ArchiveEvent {
    }

    /** Milk's reply to a {@link Created} it refused: {@code error} names the bad field. */
    record Refused(String archiveId, String error) implements ArchiveEvent {
    }
}
