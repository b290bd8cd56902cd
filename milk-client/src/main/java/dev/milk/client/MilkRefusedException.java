package dev.milk.client;

/** Milk refused a request: {@link #getMessage()} is its reason, naming the bad field. */
public final class MilkRefusedException extends RuntimeException {

    private final int status;

    public MilkRefusedException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The reply's {@code rpc-response-status}, e.g. 400 for an invalid request (README lists them). */
    public int status() {
        return status;
    }
}
