package dev.milk.testing;

import java.time.Duration;

/**
 * How much longer than on an idle machine the suites may wait: {@code MILK_TEST_TIME_SCALE}, a
 * number (1 by default; say 3 on a machine busy with other work). Each deadline of the Docker,
 * fault, benchmark and end-to-end suites is what an idle 2-core machine needs, with room, times
 * this; swarm-test/run.sh and faults/run.sh read the same setting.
 */
public final class TimeScale {

    public static final String SETTING = "MILK_TEST_TIME_SCALE";
    private static final double FACTOR = factor(System.getenv(SETTING));

    private TimeScale() {
    }

    /** {@code idle}, scaled. */
    public static Duration of(Duration idle) {
        return Duration.ofMillis((long) Math.ceil(idle.toMillis() * FACTOR));
    }

    static double factor(String setting) {
        if (setting == null || setting.isBlank()) {
            return 1;
        }
        try {
            double factor = Double.parseDouble(setting.strip());
            if (factor >= 1 && factor <= 100) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalStateException(SETTING + " is '" + setting + "'; set a number from 1 to 100 (how many times "
                + "longer than on an idle machine the tests may wait)");
    }
}
