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

    Optional<Copy> find(String key);

    /**
     * The copy's bytes from {@code from} to its end, fetched as the stream is read; a copy deleted
     * meanwhile ends the stream with an {@link IOException}, never early as if complete.
     */
    InputStream open(String key, long from) throws IOException;

    /** Somewhere to write a new copy as it is downloaded, before its key is known. */
    MediaUpload upload() throws IOException;

    /**
     * Removes these copies (no archive refers to them any more), in the caller's transaction,
     * which holds their locks ({@link MediaLocks}): gone when it commits. A store outside the
     * database queues them there instead, for {@link #sweep}.
     */
    void delete(Collection<String> keys);

    /** Carries out what is due in the background: queued deletions, a store's own housekeeping. */
    default void sweep() {
    }
}
