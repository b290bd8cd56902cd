package dev.milk.reads.media;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.io.AbstractResource;

import dev.milk.media.MediaStore;

/**
 * A copy as Spring's byte ranges read it: its length known without its bytes, and a stream that
 * opens the store only when first read, from wherever skipping left it, so a range starting at
 * 40 MB reads nothing before it.
 */
final class StoredCopy extends AbstractResource {

    private final MediaStore store;
    private final String key;
    private final long size;

    StoredCopy(MediaStore store, String key, long size) {
        this.store = store;
        this.key = key;
        this.size = size;
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
            public long skip(long n) throws IOException {
                long skipped = Math.max(0, Math.min(n, size - position));
                if (opened != null) {
                    opened.skipNBytes(skipped);
                }
                position += skipped;
                return skipped;
            }

            @Override
            public int read() throws IOException {
                int b = stream().read();
                if (b >= 0) {
                    position++;
                }
                return b;
            }

            @Override
            public int read(byte[] into, int at, int length) throws IOException {
                int n = stream().read(into, at, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            private InputStream stream() throws IOException {
                if (opened == null) {
                    opened = store.open(key, position);
                }
                return opened;
            }

            @Override
            public void close() throws IOException {
                if (opened != null) {
                    opened.close();
                }
            }
        };
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
