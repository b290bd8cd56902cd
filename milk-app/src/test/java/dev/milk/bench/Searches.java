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
     * The median of {@code times} first reads of the same search, each in other letters' case
     * ({@link CaseVariants}), so no kept answer serves it.
     */
    static double firstReads(BenchHttp http, MilkProcess reads, String archive, String q, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            millis[i] = http.timeMillis(reads, path(archive, CaseVariants.of(q, i)));
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }
}
