package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.milk.reads.web.BadRequestException;

/**
 * What a reader searches an archive for, in the syntax of a web search box (PostgreSQL's
 * {@code websearch_to_tsquery}): words, {@code "a phrase"}, {@code or}, {@code -excluded}. It never
 * fails to parse; what it cannot take is refused here with a 400 that says why.
 */
record SearchQuery(String text) {

    static final int MAX_LENGTH = 200;

    /** @return null when {@code q} is absent: the route is then no search */
    static SearchQuery parse(String q) {
        if (q == null) {
            return null;
        }
        String text = q.strip();
        if (text.isEmpty()) {
            throw new BadRequestException("q must not be empty: give a word to search for");
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
        return new SearchQuery(text);
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
