package dev.milk.reads.raid;

import java.time.Instant;

/**
 * A raid's header: what every representation starts with, and what its ETag is made of.
 *
 * @param guildName the guild's name when the raid was created, as the bot sent it; null when it sent none
 * @param reason    what the bot detected, as it said; null when it said nothing
 * @param revision  bumped when a concluded raid changes without its size (a forget, a name sent late)
 */
record RaidSummary(long key, String publicId, long guildId, String guildName, String reason, Instant startedAt,
        Instant concludedAt, long size, int revision) {

    /** What a page calls the raid: by its guild's name when the bot sent one, else by the guild's id. */
    String title() {
        return guildName != null ? "Raid on " + guildName : "Raid on server " + guildId;
    }

    boolean concluded() {
        return concludedAt != null;
    }
}
