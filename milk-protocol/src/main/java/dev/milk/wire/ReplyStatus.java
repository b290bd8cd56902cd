package dev.milk.wire;

/**
 * What Milk says of a request, sent as generation 2's {@code rpc-response-status}. Refusals are
 * answered with a value too ({@code acknowledged: false} and an {@code error}), never with
 * {@code rpc-is-exception}, so a caller always gets the reason. The codes follow HTTP's meanings.
 */
public enum ReplyStatus {

    /** Done, or already done: a repeated request changes nothing and is answered the same. */
    ACCEPTED(0),

    /** Malformed JSON, an unknown key or type, a missing or invalid field (the error names it). */
    INVALID(400),

    /** {@code conclude-raid} for a raid Milk has never seen. */
    UNKNOWN_RAID(404),

    /** The raid exists under another guild. */
    OTHER_GUILD(409),

    /** New accounts for a concluded raid: a raid's list is final once it is concluded. */
    CONCLUDED(409),

    /** The record is larger than Milk accepts ({@code MILK_WRITES_MAX_RECORD_BYTES}). */
    TOO_LARGE(413),

    /** Storing this record failed on its own, attempt after attempt; it is in the dead-letter topic. */
    STORE_FAILED(500);

    private final int code;

    ReplyStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
