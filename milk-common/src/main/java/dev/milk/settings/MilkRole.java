package dev.milk.settings;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.core.env.Environment;

/** Which half of Milk a process runs, chosen by {@code MILK_ROLE}. */
public enum MilkRole {
    WRITES, READS, ALL;

    public static final String PROPERTY = "milk.role";

    /** Whether a process in this role runs {@code part}. */
    public boolean runs(MilkRole part) {
        return this == ALL || this == part;
    }

    public static MilkRole of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "all").trim();
        return Arrays.stream(values())
                .filter(r -> r.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new SettingException("MILK_ROLE",
                        "must be one of writes, reads, all; it is '" + value + "'"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
