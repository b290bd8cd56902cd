package dev.milk.dce.format;

/** The export is not JSON (or not DCE's) from {@code line} on: nothing after it can be read. */
public final class DceFormatException extends RuntimeException {

    private final long line;

    DceFormatException(long line, String reason) {
        super("line " + line + ": " + reason, null, false, false);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
