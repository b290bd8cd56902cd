package dev.milk.raid;

/** An account detected in a raid, as it travels (ids as decimal strings, times as epoch ms). */
public record RaidUser(String id, String name, String avatarHash, Long createdAtMillis, Long joinedAtMillis) {
}
