package dev.milk.writes.media;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

import dev.milk.media.MediaKeys;

/**
 * A copy's bytes on their way into the store, learnt as they pass: their SHA-256 (the copy's key),
 * their size and their first 64 KiB, as much as Tika's magic reads to tell what a file is.
 */
final class Fingerprint extends FilterOutputStream {

    private static final int HEAD = 64 * 1024;

    private final MessageDigest digest = MediaKeys.digest();
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private long size;

    Fingerprint(OutputStream store) {
        super(store);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        digest.update(bytes, offset, length);
        int kept = Math.min(length, HEAD - headLength);
        System.arraycopy(bytes, offset, head, headLength, kept);
        headLength += kept;
        size += length;
        out.write(bytes, offset, length);
    }

    /** The key, once every byte has passed; asked once. */
    String key() {
        return MediaKeys.of(digest);
    }

    long size() {
        return size;
    }

    byte[] head() {
        return Arrays.copyOf(head, headLength);
    }
}
