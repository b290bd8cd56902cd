package dev.milk.reads.archive;

import java.time.Instant;

/**
 * An archive's header, and what decides whether it may still be shown.
 *
 * @param revision      how many times edits and removals changed messages already stored
 * @param searchIndexed its search documents are written (it is sealed): a search uses the index
 */
record ArchiveSummary(long key, String publicId, Long guildId, Long channelId, String channelName, String reason,
        Long createdBy, Instant createdAt, Instant expiresAt, Instant sealedAt, Instant deletedAt, long messageCount,
        int revision, boolean searchIndexed) {

    /** Why the archive is gone (for a 410), or null while it may be shown. */
    String goneReason(Instant now) {
        if (deletedAt != null) {
            return "this archive was taken down";
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "this archive has expired";
        }
        return null;
    }

    boolean sealed() {
        return sealedAt != null;
    }

    String channel() {
        return channelName == null ? "unknown-channel" : channelName;
    }
}
