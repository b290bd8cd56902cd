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
     * Keeps what was written under {@code key}, unless the store has that copy already. Outside any
     * transaction (for S3 this is the whole upload): the row the copy is for names the key first,
     * so no deletion takes the copy before the row records it (each deletion looks at the copy's
     * references under its lock, {@link MediaLocks}).
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
