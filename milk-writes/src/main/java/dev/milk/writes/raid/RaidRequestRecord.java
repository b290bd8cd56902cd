package dev.milk.writes.raid;

/**
 * A valid raid request and the shape it came in, which its reply takes.
 */
public record RaidRequestRecord(RaidCommand command, RaidValueShape shape) {
}
