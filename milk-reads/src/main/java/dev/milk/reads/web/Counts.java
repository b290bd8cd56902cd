package dev.milk.reads.web;

import java.util.Locale;

/** How every page and transcript writes a count: {@code 50,000 accounts}, {@code 1 message}. */
public final class Counts {

    private Counts() {
    }

    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @param noun the singular, made plural with an {@code s} */
    public static String of(long n, String noun) {
        return thousands(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
