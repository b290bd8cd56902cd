package dev.milk.settings;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * What a process runs, chosen by {@code MILK_ROLE}: one half of Milk, both, or a one-shot import:
 * of the original Milk's database ({@code import}), or of DiscordChatExporter's exports
 * ({@code import-dce}).
 */
public enum MilkRole {
    WRITES, READS, ALL, IMPORT, IMPORT_DCE;

    public static final String PROPERTY = "milk.role";

    /** Whether a process in this role runs {@code part}; role all runs both halves. */
    public boolean runs(MilkRole part) {
        return this == part || (this == ALL && (part == WRITES || part == READS));
    }

    public static MilkRole of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "all").trim();
        return Arrays.stream(values())
                .filter(r -> r.label().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new SettingException("MILK_ROLE",
                        "must be one of writes, reads, all, import, import-dce; it is '" + value + "'"));
    }

    /** As {@code MILK_ROLE} names it, and its profile ({@code application-import-dce.yml}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A role that runs once and exits with its result. */
    public boolean oneShot() {
        return this == IMPORT || this == IMPORT_DCE;
    }
}
