package dev.milk.reads.raid;

import java.time.Instant;

/**
 * A raid's header: what every representation starts with, and what its ETag is made of.
 *
 * @param revision bumped when a concluded raid's accounts change (a forget)
 */
record RaidSummary(long key, String publicId, long guildId, Instant startedAt, Instant concludedAt, long size,
        int revision) {

    boolean concluded() {
        return concludedAt != null;
    }
}
