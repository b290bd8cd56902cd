package dev.milk.writes.raid;

import dev.milk.raid.RaidResponse;
import dev.milk.wire.ReplyStatus;

/** What became of one raid request: the reply's value and its status on the wire. */
record RaidOutcome(RaidResponse response, ReplyStatus status) {

    static RaidOutcome accepted(String publicId) {
        return new RaidOutcome(RaidResponse.accepted(publicId), ReplyStatus.ACCEPTED);
    }

    static RaidOutcome refused(String publicId, ReplyStatus status, String error) {
        return new RaidOutcome(RaidResponse.refused(publicId, error), status);
    }
}
