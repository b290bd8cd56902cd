package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;

/**
 * A removal by moderators, as the archive's audit trail keeps it.
 *
 * @param byName the moderator's name, when the archive knows it
 */
record Redaction(long id, Instant at, long by, String byName, String reason, List<Long> messageIds) {

    /** Who removed, by name where known, always with the id. */
    String moderator() {
        return byName == null ? Long.toString(by) : byName + " (" + by + ")";
    }

    /** What stands in a removed message's place. */
    String notice() {
        return "Removed by moderators" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
