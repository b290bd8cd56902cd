package dev.milk.dce.format;

/** The export is not JSON (or not DCE's) from {@code line} on: nothing after it can be read. */
public final class DceFormatException extends RuntimeException {

    private final long line;
    private final String reason;

    DceFormatException(long line, String reason) {
        super("line " + line + ": " + reason, null, false, false);
        this.line = line;
        this.reason = reason;
    }

    public long line() {
        return line;
    }

    /** What is wrong there, without the line. */
    public String reason() {
        return reason;
    }
}
