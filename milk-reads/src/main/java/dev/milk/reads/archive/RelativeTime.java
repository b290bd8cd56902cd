package dev.milk.reads.archive;

import java.time.Duration;
import java.time.Instant;

/** Discord's relative timestamps ({@code <t:…:R>}): "in 2 hours", "3 days ago". */
final class RelativeTime {

    private RelativeTime() {
    }

    static String between(Instant time, Instant now) {
        Duration gap = Duration.between(now, time);
        boolean future = !gap.isNegative();
        long seconds = gap.abs().toSeconds();
        String amount;
        if (seconds < 45) {
            amount = count(seconds, "second");
        } else if (seconds < 45 * 60) {
            amount = count(Math.round(seconds / 60.0), "minute");
        } else if (seconds < 22 * 3_600) {
            amount = count(Math.round(seconds / 3_600.0), "hour");
        } else if (seconds < 26L * 86_400) {
            amount = count(Math.round(seconds / 86_400.0), "day");
        } else if (seconds < 320L * 86_400) {
            amount = count(Math.max(1, Math.round(seconds / (30.44 * 86_400))), "month");
        } else {
            amount = count(Math.max(1, Math.round(seconds / (365.25 * 86_400))), "year");
        }
        return future ? "in " + amount : amount + " ago";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
