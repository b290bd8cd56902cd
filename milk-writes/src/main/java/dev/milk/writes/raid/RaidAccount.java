package dev.milk.writes.raid;

import java.time.Instant;

/** A validated raid account, ready to store. */
public record RaidAccount(long id, String name, String avatarHash, Instant createdAt, Instant joinedAt) {
}
