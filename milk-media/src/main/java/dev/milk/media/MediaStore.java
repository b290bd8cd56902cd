package dev.milk.media;

import java.util.Collection;
import java.util.Optional;

/**
 * Where copies of archived media live, each once, by the SHA-256 of its bytes: a file posted in
 * many archives, or an emoji used in many messages, is kept once.
 */
public interface MediaStore {

    /** @param contentType what the bytes are, as read from them */
    record Media(String contentType, byte[] bytes) {
    }

    /** Keeps {@code bytes} under {@code key}; a key already kept is left as it is. */
    void put(String key, String contentType, byte[] bytes);

    Optional<Media> get(String key);

    /**
     * Removes these copies (no archive refers to them any more), in the caller's transaction: gone
     * when it commits. A store outside the database queues them there instead, for
     * {@link #deleteQueued}.
     */
    void delete(Collection<String> keys);

    /** Deletes what {@link #delete} queued; nothing for a store that deletes at once. */
    default void deleteQueued() {
    }
}
