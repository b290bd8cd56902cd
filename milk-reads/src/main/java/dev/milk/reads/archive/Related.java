package dev.milk.reads.archive;

import java.util.List;
import java.util.Map;

/**
 * What a page's messages refer to, beyond themselves.
 *
 * @param replied    the messages they reply to, by id (only a page of HTML asks for them)
 * @param mentions   the names they mention
 * @param redactions the archive's whole audit trail of removals, oldest first
 * @param versions   the earlier versions of the edited ones, oldest first, by message id
 * @param copies     the copies Milk made of their media
 */
record Related(Map<Long, ArchivedMessage> replied, Mentions mentions, List<Redaction> redactions,
        Map<Long, List<MessageVersion>> versions, MediaCopies copies) {

    /** The same, with the copies linked as the offline export has them. */
    Related forExport() {
        return new Related(replied, mentions, redactions, versions, copies.forExport());
    }

    /** The removal that emptied {@code message}, or null. */
    Redaction removal(ArchivedMessage message) {
        if (message.redactionId() == null) {
            return null;
        }
        return redactions.stream().filter(r -> r.id() == message.redactionId()).findFirst().orElse(null);
    }

    List<MessageVersion> versions(ArchivedMessage message) {
        return versions.getOrDefault(message.id(), List.of());
    }
}
