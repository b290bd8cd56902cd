package dev.milk.media;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A new copy's bytes, written as they arrive (its key, the SHA-256 of them all, is known only at
 * the end), then closed, then kept under that key or discarded. Closing finishes the writing;
 * {@link #discard} undoes it.
 */
public abstract class MediaUpload extends OutputStream {

    /**
     * Keeps what was written under {@code key}, unless the store has that copy already; in the
     * caller's transaction, which holds the key's lock ({@link MediaLocks}), so no removal can
     * delete the copy before the row that refers to it commits.
     */
    public abstract void keep(String key, String contentType, long size) throws IOException;

    /** Deletes what was written unless it was kept; at most once, harmless after {@link #keep}. */
    public abstract void discard();

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public abstract void write(byte[] bytes, int offset, int length) throws IOException;
}
