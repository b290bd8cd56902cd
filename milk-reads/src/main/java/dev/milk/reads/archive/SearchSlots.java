package dev.milk.reads.archive;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;

import dev.milk.reads.web.Durations;
import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.TryLaterException;

/**
 * The searches of one replica: at most {@code concurrency} at once, on connections of their own
 * (their pool has as many), each stopped by PostgreSQL past its timeout. A search of an archive not
 * indexed yet reads every message, and pages must never wait behind it. A search beyond the slots
 * waits up to a second for one (a search of an indexed archive takes milliseconds), then is refused.
 */
final class SearchSlots {

    private static final long WAIT_MILLIS = 1_000;

    private final Semaphore slots;
    private final String timeout;

    SearchSlots(int concurrency, Duration timeout) {
        this.slots = new Semaphore(concurrency, true);
        this.timeout = Durations.of(timeout);
    }

    <T> T run(Supplier<T> search) {
        if (!acquire()) {
            throw new TryLaterException(ReadErrors.Kind.SEARCH_BUSY, 2,
                    "too many searches are running on this server; try again in a few seconds");
        }
        try {
            return search.get();
        } catch (QueryTimeoutException e) {
            throw new TryLaterException(ReadErrors.Kind.SEARCH_TIMEOUT, 5,
                    "the search took longer than " + timeout + " and was stopped; try again shortly");
        } finally {
            slots.release();
        }
    }

    private boolean acquire() {
        try {
            return slots.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
