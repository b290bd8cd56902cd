package dev.milk.reads.web;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The heap that every answer the page cache is holding back (to keep it, compress it or declare
 * its length) may take together, taken before each chunk is made. Without it, each of Tomcat's
 * 200 threads could hold a page up to the size cap at once: 15 large ones fill a 128 MiB heap.
 * Room is never waited for: an answer refused room goes out as it comes.
 */
final class CaptureBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final Counter refused;

    CaptureBudget(long limit, MeterRegistry meters) {
        this.limit = limit;
        Gauge.builder("milk.reads.cache.capture", held, AtomicLong::get).baseUnit("bytes")
                .description("heap held by the answers the page cache is making").register(meters);
        this.refused = Counter.builder("milk.reads.cache.capture.refused")
                .description("answers sent as they came, or without gzip, for want of capture room").register(meters);
    }

    /** Takes {@code bytes} of room; false, taking none, when the budget has not that much left. */
    boolean take(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > limit) {
                refused.increment();
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        peak.accumulateAndGet(now + bytes, Math::max);
        return true;
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    /** The room taken now. */
    long held() {
        return held.get();
    }

    /** The most room ever taken at once. */
    long peak() {
        return peak.get();
    }
}
