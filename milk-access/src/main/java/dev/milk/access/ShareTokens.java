package dev.milk.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a share link's token is and how it is kept: the token is the text of the link's last
 * segment (32 random bytes, base64url, 43 characters), and only the hex SHA-256 of that text is
 * stored ({@code archive_share_token.token_hash}). The writer that makes a token and the reads that
 * check one both hash it here, so the two can never disagree on what is hashed.
 */
public final class ShareTokens {

    /** Anything else is no token Milk gave out: refused before any lookup. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    private ShareTokens() {
    }

    public static boolean isWellFormed(String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }

    /** The hex SHA-256 of the token's text (UTF-8): what {@code archive_share_token} holds. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
