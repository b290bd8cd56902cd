package dev.milk.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Optional;

/**
 * Where copies of archived media live, each once, by the SHA-256 of its bytes: a file posted in
 * many archives, or an emoji used in many messages, is kept once. Bytes go in and out as streams:
 * no copy is ever held whole in memory, however large.
 */
public interface MediaStore {

    /**
     * What a copy is, known without reading its bytes.
     *
     * @param contentType what the bytes are, as read from them when the copy was made
     */
    record Copy(String contentType, long size) {
    }

    /** No copy has the key, or it was deleted while being read: not the store's failure. */
    final class Gone extends IOException {

        public Gone(String message) {
            super(message);
        }
    }

    /** @throws IOException the store could not be asked (out of reach, out of time) */
    Optional<Copy> find(String key) throws IOException;

    /**
     * The copy's bytes from {@code from} to its end, fetched as the stream is read; a copy deleted
     * meanwhile ends the stream with {@link Gone}, never early as if complete. Any other
     * {@link IOException} is the store's failure.
     */
    InputStream open(String key, long from) throws IOException;

    /** Somewhere to write a new copy as it is downloaded, before its key is known. */
    MediaUpload upload() throws IOException;

    /**
     * These copies (nulls and repeats allowed) lost a reference in the caller's transaction (a
     * takedown, an expiry, a removal, a copy given up): those no archive refers to any more go.
     * PostgreSQL deletes them in that transaction, under their locks ({@link MediaLocks}); a store
     * outside the database queues them there, and its {@link #sweep} deletes each that no row
     * refers to by then, under its lock. Either way the transaction never waits for a store outside
     * the database, nor for a lock held across a call to one.
     */
    void release(Collection<String> keys);

    /** Carries out what is due in the background: queued deletions, a store's own housekeeping. */
    default void sweep() {
    }
}
