package dev.milk.settings;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * What a process runs, chosen by {@code MILK_ROLE}: one half of Milk, both, or the one-shot
 * import of the original Milk's database.
 */
public enum MilkRole {
    WRITES, READS, ALL, IMPORT;

    public static final String PROPERTY = "milk.role";

    /** Whether a process in this role runs {@code part}; role all runs both halves. */
    public boolean runs(MilkRole part) {
        return this == part || (this == ALL && (part == WRITES || part == READS));
    }

    public static MilkRole of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "all").trim();
        return Arrays.stream(values())
                .filter(r -> r.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new SettingException("MILK_ROLE",
                        "must be one of writes, reads, all, import; it is '" + value + "'"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
