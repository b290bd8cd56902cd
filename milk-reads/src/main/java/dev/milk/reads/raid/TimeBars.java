package dev.milk.reads.raid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a time chart cuts a span into bars: the narrowest round width (a second to a year) that
 * draws the span in at most {@link #MAX_BARS} bars, the bars starting on a multiple of the width
 * (a five-minute bar starts at :00, :05…), so a reader's "when" lines up with the clock.
 *
 * @param start the first bar's start, in epoch seconds
 * @param width each bar's width, in seconds
 * @param count how many bars cover the span
 */
record TimeBars(long start, long width, int count) {

    static final int MAX_BARS = 48;

    private static final List<Duration> WIDTHS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2),
            Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(91), Duration.ofDays(182),
            Duration.ofDays(365));

    static TimeBars covering(Instant first, Instant last) {
        long from = first.getEpochSecond();
        long to = last.getEpochSecond();
        for (Duration candidate : WIDTHS) {
            TimeBars bars = of(from, to, candidate.toSeconds());
            if (bars.count <= MAX_BARS) {
                return bars;
            }
        }
        // Wider than 48 years (accounts are younger than Discord): years, as many as it takes.
        long widest = WIDTHS.getLast().toSeconds();
        return of(from, to, widest * ((to - from) / (widest * (MAX_BARS - 1)) + 1));
    }

    private static TimeBars of(long from, long to, long width) {
        long start = Math.floorDiv(from, width) * width;
        return new TimeBars(start, width, (int) (Math.floorDiv(to - start, width) + 1));
    }

    Instant startOf(int bar) {
        return Instant.ofEpochSecond(start + bar * width);
    }

    /** The bar an instant falls in. */
    int barOf(Instant instant) {
        return (int) Math.floorDiv(instant.getEpochSecond() - start, width);
    }

    Duration widthAsDuration() {
        return Duration.ofSeconds(width);
    }
}
