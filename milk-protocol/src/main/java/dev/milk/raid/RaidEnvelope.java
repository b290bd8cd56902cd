package dev.milk.raid;

/**
 * The value of every {@code raid-management} record: a request from the bot, or a response from
 * Milk. Both travel on the same topic, so whoever reads it skips the half that is not for them.
 */
public record RaidEnvelope(RaidRequest request, RaidResponse response) {

    public static RaidEnvelope of(RaidRequest request) {
        return new RaidEnvelope(request, null);
    }

    public static RaidEnvelope of(RaidResponse response) {
        return new RaidEnvelope(null, response);
    }
}
