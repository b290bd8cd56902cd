package dev.milk.reads.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.io.AbstractResource;

import dev.milk.media.MediaStore;

/**
 * A copy as Spring's byte ranges read it: its length known without its bytes, and a stream that
 * reads the store only when first read, from wherever skipping left it, so a range starting at
 * 40 MB reads nothing before it.
 *
 * <p>Its first byte is read before the answer starts ({@link #openAt}), so a store that fails or a
 * copy that is gone until then is answered {@code 503} or {@code 404}, with no header of the copy
 * set yet. The first read then commits the answer's headers, so every failure of the store after
 * it is one of an answer under way: it is thrown as {@link CopyUnreadable}, never as an
 * {@link IOException}, which only the client's going away is, and the answer's connection is
 * closed unfinished (see {@code UnfinishedAnswers}).
 */
final class StoredCopy extends AbstractResource {

    private final MediaStore store;
    private final String key;
    private final long size;
    private final HttpServletResponse response;
    private long firstAt;
    /** The store's stream from {@code firstAt}, its first byte read and put back; taken by the first read from there. */
    private InputStream first;

    StoredCopy(MediaStore store, String key, long size, HttpServletResponse response) {
        this.store = store;
        this.key = key;
        this.size = size;
        this.response = response;
    }

    /**
     * Opens the copy where the answer starts, {@code from}, and reads its first byte.
     *
     * @throws MediaStore.Gone the copy is gone
     * @throws IOException     the store failed
     */
    void openAt(long from) throws IOException {
        var stream = new PushbackInputStream(store.open(key, from), 1);
        try {
            int b = stream.read();
            if (b >= 0) {
                stream.unread(b);
            }
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
        firstAt = from;
        first = stream;
    }

    /** The store failed after the answer started: not the client's going away, so not an {@link IOException}. */
    static final class CopyUnreadable extends RuntimeException {

        CopyUnreadable(String key, long position, Exception failure) {
            // The failure in the message, not as the cause: an I/O cause would read as the client's.
            super("the copy " + key + " could not be read on from byte " + position + ": " + failure, null, false, false);
        }
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public String getDescription() {
        return "media copy " + key;
    }

    @Override
    public InputStream getInputStream() {
        return new InputStream() {
            private long position;
            private InputStream opened;

            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, size - position));
                if (opened != null) {
                    fromStore(() -> {
                        opened.skipNBytes(skipped);
                        return skipped;
                    });
                }
                position += skipped;
                return skipped;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int at, int length) throws IOException {
                if (!response.isCommitted()) {
                    response.flushBuffer();
                }
                if (opened == null) {
                    opened = first != null && position == firstAt ? first : fromStore(() -> store.open(key, position));
                    first = null;
                }
                int n = fromStore(() -> opened.read(into, at, length));
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            private <T> T fromStore(StoreRead<T> read) {
                try {
                    return read.run();
                } catch (IOException | RuntimeException e) {
                    throw new CopyUnreadable(key, position, e);
                }
            }

            @Override
            public void close() throws IOException {
                if (opened != null) {
                    opened.close();
                }
            }
        };
    }

    private interface StoreRead<T> {
        T run() throws IOException;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredCopy copy && copy.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
