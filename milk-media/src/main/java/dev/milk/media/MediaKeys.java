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

    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isWellFormed(String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
