package dev.milk.media;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A copy's key: the SHA-256 of its bytes, in lowercase hex. */
public final class MediaKeys {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private MediaKeys() {
    }

    /** A digest to feed a copy's bytes as they pass; {@link #of(MessageDigest)} gives the key at the end. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static boolean isWellFormed(String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
