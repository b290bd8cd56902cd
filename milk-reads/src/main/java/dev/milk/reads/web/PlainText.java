package dev.milk.reads.web;

/**
 * User content in plain-text answers: a name holding a newline could forge a line of the log, and
 * bidirectional overrides could make one id read as another. Both are shown as U+FFFD.
 */
public final class PlainText {

    private PlainText() {
    }

    public static String line(String userContent) {
        StringBuilder out = new StringBuilder(userContent.length());
        userContent.codePoints().forEach(c -> out.appendCodePoint(isUnsafe(c) ? 0xFFFD : c));
        return out.toString();
    }

    /** Multi-line content (a message): newlines are kept, everything else as in {@link #line}. */
    public static String block(String userContent) {
        StringBuilder out = new StringBuilder(userContent.length());
        userContent.codePoints().forEach(c -> out.appendCodePoint(c == '\n' ? c : isUnsafe(c) ? 0xFFFD : c));
        return out.toString();
    }

    /** The one definition of what Milk never shows as is, in text and in HTML alike. */
    static boolean isUnsafe(int c) {
        return Character.isISOControl(c)
                || (c >= 0x202A && c <= 0x202E)    // embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069)    // isolates
                || c == 0x2028 || c == 0x2029      // line and paragraph separators
                || Character.getType(c) == Character.SURROGATE;
    }
}
