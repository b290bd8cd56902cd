package dev.milk.reads.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes held on the heap in chunks, each taken from a {@link CaptureBudget} before it is made,
 * so what they hold is what they were given room for (no doubling copy as a growing array makes).
 * Not thread-safe: one request's, written by the thread answering it.
 */
final class HeldBytes {

    private static final int FIRST_CHUNK = 8 << 10;
    /** A chunk is as large as what is held already, up to this: at most this much is made and unused. */
    private static final int LARGEST_CHUNK = 512 << 10;
    private static final byte[] NONE = {};

    private final CaptureBudget budget;
    private final int limit;
    private final List<byte[]> chunks = new ArrayList<>();
    private int firstChunk = FIRST_CHUNK;
    private int size;
    /** Bytes used of the last chunk. */
    private int used;
    /** Room taken from the budget for the chunks. */
    private long taken;

    /** @param limit the most bytes held; more are refused */
    HeldBytes(CaptureBudget budget, int limit) {
        this.budget = budget;
        this.limit = limit;
    }

    /** The length the bytes will have: the first chunk is made as long, so they need no copy to be joined. */
    void expect(long length) {
        if (chunks.isEmpty() && length > 0 && length <= limit) {
            firstChunk = (int) length;
        }
    }

    int size() {
        return size;
    }

    /**
     * Holds {@code length} bytes more; false, holding none of them, when they would take what is
     * held over the limit or the budget has no room for a chunk they need.
     */
    boolean add(byte[] bytes, int offset, int length) {
        if (length > limit - size) {
            return false;
        }
        int free = chunks.isEmpty() ? 0 : chunks.getLast().length - used;
        byte[] next = null;
        if (length > free) {
            int wanted = chunks.isEmpty() ? firstChunk : Math.clamp(size, FIRST_CHUNK, LARGEST_CHUNK);
            int chunk = Math.max(length - free, Math.min(wanted, limit - size - free));
            if (!budget.take(chunk)) {
                return false;
            }
            taken += chunk;
            next = new byte[chunk];
        }
        int here = Math.min(free, length);
        if (here > 0) {
            System.arraycopy(bytes, offset, chunks.getLast(), used, here);
            used += here;
        }
        if (next != null) {
            System.arraycopy(bytes, offset + here, next, 0, length - here);
            chunks.add(next);
            used = length - here;
        }
        size += length;
        return true;
    }

    /**
     * The bytes as one array, held from now on instead of the chunks; null when they are in
     * several chunks and the budget has no room for the array they are copied into.
     */
    byte[] whole() {
        if (size == 0) {
            return NONE;
        }
        if (chunks.size() == 1 && used == chunks.getFirst().length) {
            return chunks.getFirst();
        }
        if (!budget.take(size)) {
            return null;
        }
        byte[] whole = new byte[size];
        int at = 0;
        for (byte[] chunk : chunks) {
            int length = Math.min(chunk.length, size - at);
            System.arraycopy(chunk, 0, whole, at, length);
            at += length;
        }
        budget.give(taken);
        taken = size;
        chunks.clear();
        chunks.add(whole);
        used = size;
        return whole;
    }

    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunks.size(); i++) {
            out.write(chunks.get(i), 0, i == chunks.size() - 1 ? used : chunks.get(i).length);
        }
    }

    /** Lets go of the bytes and gives their room back; they may be held anew after. */
    void release() {
        budget.give(taken);
        taken = 0;
        chunks.clear();
        size = 0;
        used = 0;
    }

    /** A stream into these bytes that fails with {@link NoRoom} where {@link #add} refuses. */
    OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (!add(bytes, offset, length)) {
                    throw new NoRoom();
                }
            }
        };
    }

    /** What {@link #stream} throws when its bytes are refused. */
    static final class NoRoom extends IOException {

        NoRoom() {
            super("no room to hold the bytes");
        }
    }
}
