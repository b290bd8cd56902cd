package dev.milk.settings;

import java.time.Duration;

/** Checks shared by the roles' settings records; a failure names the environment variable. */
public final class SettingChecks {

    private SettingChecks() {
    }

    public static void requirePositive(Duration value, String variable) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(variable + " must be positive");
        }
    }
}
