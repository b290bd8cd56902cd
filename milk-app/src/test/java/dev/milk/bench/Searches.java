package dev.milk.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.milk.processes.MilkProcess;

/** Searches of an archive as a reader makes them, timed where no cache can answer. */
final class Searches {

    private Searches() {
    }

    static String path(String archive, String q) {
        return "/archive/" + archive + ".json?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    /**
     * The median of {@code times} first reads of the same search: a sealed archive's answers are kept
     * (PageCache), so each asks it in other letters' case ({@code FrOm:5}), which searches the same.
     */
    static double firstReads(BenchHttp http, MilkProcess reads, String archive, String q, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            millis[i] = http.timeMillis(reads, path(archive, variant(q, i)));
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }

    /** {@code q} with the letters chosen by {@code n}'s bits in upper case. */
    static String variant(String q, int n) {
        StringBuilder variant = new StringBuilder(q);
        for (int c = 0, letter = 0; c < variant.length(); c++) {
            if (Character.isLetter(variant.charAt(c)) && (n >> letter++ & 1) == 1) {
                variant.setCharAt(c, Character.toUpperCase(variant.charAt(c)));
            }
        }
        return variant.toString();
    }
}
