package dev.milk.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The tokens of share links: 32 random bytes (256 bits) from a cryptographic source, base64url
 * without padding (43 characters, what {@code /s/<token>} carries). The database keeps only the
 * hex SHA-256 of the token as the link spells it, so a copy of the database opens nothing; the
 * writer hashes the token it hands out, the reads role the token a link brings, both with {@link
 * #hash}, so the two can never disagree on what is hashed.
 */
public final class ShareTokens {

    private static final int BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Anything else is no token Milk gave out: refused before any lookup. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    public static boolean isWellFormed(String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }

    /** The hex SHA-256 of the token's characters, as {@code archive_share_token.token_hash} holds it. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
