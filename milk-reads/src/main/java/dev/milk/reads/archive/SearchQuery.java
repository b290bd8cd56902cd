package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import dev.milk.reads.web.BadRequestException;

/**
 * What a reader searches an archive for: Discord's operators ({@link SearchFilters}: {@code from:},
 * {@code has:image}, ...) anywhere in it, and the rest in the syntax of a web search box
 * (PostgreSQL's {@code websearch_to_tsquery}): words, {@code "a phrase"}, {@code or},
 * {@code -excluded}. What it cannot take is refused here with a 400 that says why.
 *
 * @param text    the whole query, as the reader wrote it
 * @param words   what is left once the operators are taken out, possibly empty
 * @param filters the operators' conditions
 */
record SearchQuery(String text, String words, SearchFilters filters) {

    static final int MAX_LENGTH = 200;

    /** @return null when {@code q} is absent: the route is then no search */
    static SearchQuery parse(String q) {
        if (q == null) {
            return null;
        }
        String text = q.strip();
        if (text.isEmpty()) {
            throw new BadRequestException("q must not be empty: give a word or an operator to search for");
        }
        if (text.length() > MAX_LENGTH) {
            throw new BadRequestException("q is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(text, i)) {
                throw new BadRequestException("q must be text, without control characters");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        SearchFilters.Builder filters = SearchFilters.builder();
        StringBuilder words = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                words.append(c);
                i++;
            } else if (c == '"') {
                // A phrase is words, whatever it holds: "from:x" in quotes is searched for as written.
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? text.length() : close + 1;
                words.append(text, i, end);
                i = end;
            } else {
                int end = tokenEnd(text, i);
                String name = operatorName(text, c == '-' ? i + 1 : i, end);
                if (name == null) {
                    words.append(text, i, end);
                    i = end;
                    continue;
                }
                if (c == '-') {
                    throw new BadRequestException(name + ": cannot be excluded with -; "
                            + "search without it, or for what it excludes (is:edited, pinned:false)");
                }
                int valueStart = i + name.length() + 1;
                int valueEnd;
                String value;
                if (valueStart < text.length() && text.charAt(valueStart) == '"') {
                    int close = text.indexOf('"', valueStart + 1);
                    if (close < 0) {
                        throw new BadRequestException(name + ": has a name in quotes without the closing quote");
                    }
                    value = text.substring(valueStart + 1, close).strip();
                    valueEnd = close + 1;
                } else {
                    valueEnd = tokenEnd(text, valueStart);
                    value = text.substring(valueStart, valueEnd);
                }
                filters.add(name, value);
                i = valueEnd;
            }
        }
        return new SearchQuery(text, words.toString().strip(), filters.build());
    }

    /** Where the token starting at {@code i} ends: at the next whitespace. */
    private static int tokenEnd(String text, int i) {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /** The operator the token starts with ({@code name:}), lower case, or null when it is words. */
    private static String operatorName(String text, int start, int end) {
        int colon = text.indexOf(':', start);
        if (colon <= start || colon >= end) {
            return null;
        }
        String name = text.substring(start, colon).toLowerCase(Locale.ROOT);
        return SearchFilters.isOperator(name) ? name : null;
    }

    private static boolean validPair(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    /** A short stand-in for the query in an ETag, which must not carry quotes or non-ASCII. */
    String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
