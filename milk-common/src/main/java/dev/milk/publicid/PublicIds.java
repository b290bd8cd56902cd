package dev.milk.publicid;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Public ids: 12 URL-safe characters (72 random bits) from a cryptographic source, so a link
 * reveals nothing about other links or about internal ids. Uniqueness is enforced by the database;
 * the writer draws again on the (astronomically rare) collision.
 */
public final class PublicIds {

    public static final int LENGTH = 12;

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[LENGTH * 3 / 4];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }
}
