package dev.milk.writes.event;

/**
 * A record Milk refuses: it goes to the dead-letter topic with {@link #getMessage()} as the reason.
 * The message names the offending field, so a bot developer can fix the sender without guessing.
 */
public final class InvalidEventException extends RuntimeException {

    /** Coarse reason, used as a metric tag (the message itself is too varied to be a tag). */
    public enum Kind {
        MALFORMED("malformed"),
        UNKNOWN_TYPE("unknown-type"),
        INVALID_FIELD("invalid-field"),
        OVERSIZED("oversized"),
        /** Valid, but against a rule of what it names: accounts for a concluded raid, messages for a sealed archive. */
        REFUSED("refused"),
        /** Failed to store on its own, attempt after attempt, while its neighbours stored. */
        STORE_FAILED("store-failed");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Kind kind;

    public InvalidEventException(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public static InvalidEventException field(String path, String problem) {
        return new InvalidEventException(Kind.INVALID_FIELD, path + ": " + problem);
    }

    /** The same refusal of a field inside {@code path}: {@code id: ...} within {@code users[3]} is {@code users[3].id: ...}. */
    public InvalidEventException within(String path) {
        return new InvalidEventException(kind, path + "." + getMessage());
    }

    public Kind kind() {
        return kind;
    }
}
