package dev.milk.testing;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waits for what a test is not told about (a row, a page, a record, a process's answer) with
 * Awaitility, for at most what an idle machine needs, with room, scaled by {@link TimeScale}.
 * The condition is polled on the test's own thread, every 100 ms, first at once.
 */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(100);

    private Waits() {
    }

    /** A wait of at most {@code idle} on an idle machine, {@link TimeScale#of(Duration) scaled}. */
    public static ConditionFactory upTo(Duration idle) {
        return Awaitility.await()
                .atMost(TimeScale.of(idle))
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL);
    }
}
