package dev.milk.reads.raid;

import java.time.Instant;

/** One account of a raid, as stored. */
record RaidMember(long id, String name, String avatarHash, Instant createdAt, Instant joinedAt) {
}
