package dev.milk.settings;

import java.time.Duration;
import java.util.Locale;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;

/** Checks shared by the roles' settings records; a failure names the environment variable. */
public final class SettingChecks {

    private SettingChecks() {
    }

    public static void requirePositive(Duration value, String variable) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(variable + " must be positive");
        }
    }

    /**
     * A true/false setting read from the environment before any configuration-properties record
     * exists, as Boot reads a boolean (true, false, yes, no, on, off, 1, 0; unset or empty is
     * false); anything else stops start-up with one line naming the variable, not a conversion's
     * stack trace.
     */
    public static boolean flag(Environment environment, String property) {
        try {
            return environment.getProperty(property, Boolean.class, false);
        } catch (ConversionException e) {
            throw new SettingException(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                    "must be true or false; it is '" + environment.getProperty(property) + "'");
        }
    }
}
