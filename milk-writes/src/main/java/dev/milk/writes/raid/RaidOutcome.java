package dev.milk.writes.raid;

import dev.milk.writes.event.InvalidEventException;
import dev.milk.raid.RaidResponse;
import dev.milk.wire.ReplyStatus;

/**
 * What became of one raid request: the reply's value, its status on the wire, and, for a refused
 * request, the reason it also goes to the dead-letter topic with (nothing refused is lost).
 */
record RaidOutcome(RaidResponse response, ReplyStatus status, InvalidEventException deadLetter) {

    static RaidOutcome accepted(String publicId) {
        return new RaidOutcome(RaidResponse.accepted(publicId), ReplyStatus.ACCEPTED, null);
    }

    static RaidOutcome refused(String publicId, ReplyStatus status, String error) {
        return new RaidOutcome(RaidResponse.refused(publicId, error), status,
                new InvalidEventException(InvalidEventException.Kind.REFUSED, error));
    }
}
