package dev.milk.reads.web;

/** A request Milk cannot serve right now, through no fault of the visitor's: {@code 503} with {@code Retry-After}. */
public final class TryLaterException extends RuntimeException {

    private final ReadErrors.Kind kind;
    private final int retryAfterSeconds;

    public TryLaterException(ReadErrors.Kind kind, int retryAfterSeconds, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ReadErrors.Kind kind() {
        return kind;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
