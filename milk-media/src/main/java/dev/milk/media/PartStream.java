package dev.milk.media;

import java.io.IOException;
import java.io.InputStream;

/**
 * A copy's bytes from a position to its end, a part at a time, each part fetched when the reader
 * gets to it: memory for one part, whatever the copy's size. Skipping moves the position without
 * reading, so a range starts where it starts.
 */
final class PartStream extends InputStream {

    /** Fetches the bytes from a position to the end of its part; null when the copy is gone. */
    interface Parts {
        byte[] from(long position, int partSize);
    }

    private final long size;
    private final int partSize;
    private final Parts parts;
    private long position;
    private byte[] part = new byte[0];
    private int offset;

    PartStream(long size, long from, int partSize, Parts parts) {
        this.size = size;
        this.partSize = partSize;
        this.parts = parts;
        this.position = Math.min(Math.max(from, 0), size);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int at, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        if (offset == part.length) {
            part = parts.from(position, partSize);
            offset = 0;
            if (part == null || part.length == 0) {
                part = new byte[0];
                throw new MediaStore.Gone("the copy was deleted or cut short at byte " + position + " of " + size);
            }
        }
        int n = (int) Math.min(Math.min(length, part.length - offset), size - position);
        System.arraycopy(part, offset, into, at, n);
        offset += n;
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, size - position));
        int buffered = part.length - offset;
        if (skipped < buffered) {
            offset += (int) skipped;
        } else {
            part = new byte[0];
            offset = 0;
        }
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return part.length - offset;
    }
}
