package dev.milk.publicid;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Public ids: 12 URL-safe characters (72 random bits) from a cryptographic source, so a link
 * reveals nothing about other links or about internal ids. Uniqueness is enforced by the database;
 * the writer draws again on the (astronomically rare) collision. Raids imported from the original
 * Milk keep the ids it gave out, so a link may hold other lengths too.
 */
public final class PublicIds {

    public static final int LENGTH = 12;

    /** Any id a link may hold: Milk's own, or one the original Milk gave out. */
    public static final String LINK_ID = "[A-Za-z0-9_-]{1,64}";

    private static final Pattern WELL_FORMED = Pattern.compile(LINK_ID);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[LENGTH * 3 / 4];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code id} could be a public id at all; a cheap check before any lookup. */
    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }
}
