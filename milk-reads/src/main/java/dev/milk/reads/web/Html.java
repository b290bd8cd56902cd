package dev.milk.reads.web;

/** HTML escaping for user content: text and attribute values alike. */
public final class Html {

    private Html() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(text, 0, text.length(), out);
        return out.toString();
    }

    /**
     * Escapes {@code text[from, to)} into {@code out}. Besides markup characters, what
     * {@link PlainText} never shows (control characters, lone surrogates, bidirectional overrides)
     * becomes U+FFFD here too; newlines and tabs stay, as HTML collapses them.
     */
    public static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; ) {
            char ch = text.charAt(i);
            int c = Character.isHighSurrogate(ch) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))
                    ? Character.toCodePoint(ch, text.charAt(i + 1)) : ch;
            i += Character.charCount(c);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append((char) c);
                default -> out.appendCodePoint(PlainText.isUnsafe(c) ? 0xFFFD : c);
            }
        }
    }
}
