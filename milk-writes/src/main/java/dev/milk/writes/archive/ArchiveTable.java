package dev.milk.writes.archive;

/**
 * Everything an archive has besides its own row in {@code archive}: every table its rows live in,
 * each keyed by {@code archive_id}. The one list the deletions read: a takedown and an expiry
 * empty every table, a removal the tables that hold a removed message's content beside its row.
 * A new table an archive's rows live in belongs here, or a takedown would leave its rows behind
 * ({@code ArchiveStoreTest} compares this list with the schema).
 */
enum ArchiveTable {

    /** The latest version of each message; a removed message keeps its row, emptied, as its place. */
    MESSAGE("archive_message", OnRemoval.KEPT),
    /** The names of the users, roles and channels the archive names: still the archive's after a removal. */
    MENTION("archive_mention", OnRemoval.KEPT),
    MESSAGE_VERSION("archive_message_version", OnRemoval.DELETED),
    /** The audit trail of removals. */
    REDACTION("archive_redaction", OnRemoval.KEPT),
    SEARCH("archive_search", OnRemoval.DELETED),
    /** Deleted through {@link dev.milk.writes.media.StoredCopies}, which also releases the copies nothing refers to any more. */
    MEDIA("archive_media", OnRemoval.DELETED),
    /** Who changed who may read it, and why: an archive taken down or expired has no readers left to decide on. */
    VISIBILITY_CHANGE("archive_visibility_change", OnRemoval.KEPT),
    /** Its share links, and with them their tokens (deleted in cascade): nothing is left to open. */
    SHARE("archive_share", OnRemoval.KEPT),
    /** The viewer log: personal data of the archive's readers, kept no longer than the archive. */
    VIEW("archive_view", OnRemoval.KEPT),
    VIEW_COUNT("archive_view_count", OnRemoval.KEPT);

    /** What a removal of some of the archive's messages does to their rows in a table. */
    private enum OnRemoval {
        KEPT, DELETED
    }

    private final String table;
    private final OnRemoval onRemoval;

    ArchiveTable(String table, OnRemoval onRemoval) {
        this.table = table;
        this.onRemoval = onRemoval;
    }

    /** The table's name in the schema. */
    String table() {
        return table;
    }

    /** Whether a removal deletes a removed message's rows in this table. */
    boolean removedWithMessage() {
        return onRemoval == OnRemoval.DELETED;
    }
}
