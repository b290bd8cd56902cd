package dev.milk.reads.access;

/** Someone logged in with Discord: their user id and the name they had at login. */
public record Reader(long userId, String name) {
}
