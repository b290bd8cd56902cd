package dev.milk.reads.web;

import java.time.Duration;

/** A duration as a setting spells it ({@code 5s}, {@code 1h}, {@code 500ms}), for messages that name one. */
public final class Durations {

    private Durations() {
    }

    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
