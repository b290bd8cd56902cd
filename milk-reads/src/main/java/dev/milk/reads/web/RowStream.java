package dev.milk.reads.web;

import java.io.IOException;
import java.util.List;

/**
 * Streams a large listing (a transcript of 100,000 messages, a raid of 1,000,000 accounts) a batch
 * at a time, each batch a short keyset query from where the last one ended: memory holds one batch,
 * and between batches the stream holds no connection and no transaction, so a reader on a slow
 * line keeps none of the pool for as long as it reads.
 */
public final class RowStream {

    static final int BATCH = 1_000;

    /** The next {@code limit} rows after {@code last} (from the start when null), in the listing's order. */
    @FunctionalInterface
    public interface Batches<T> {
        List<T> after(T last, int limit);
    }

    /** Writes one row to the response. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T row) throws IOException;
    }

    private RowStream() {
    }

    public static <T> void each(Batches<T> batches, RowWriter<T> writer) throws IOException {
        T last = null;
        List<T> batch;
        do {
            batch = batches.after(last, BATCH);
            for (T row : batch) {
                writer.write(row);
            }
            last = batch.isEmpty() ? last : batch.getLast();
        } while (batch.size() == BATCH);
    }
}
