package dev.milk.reads.raid;

import java.time.Instant;

/** A raid's header: what every representation starts with, and what its ETag is made of. */
record RaidSummary(long key, String publicId, long guildId, Instant startedAt, Instant concludedAt, long size) {

    boolean concluded() {
        return concludedAt != null;
    }
}
