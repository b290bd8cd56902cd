package dev.milk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's wrk: a closed-loop load of {@code -t2 -c<connections>}, its requests a second and p99. */
final class Wrk {

    static final Path BINARY = Path.of("/usr/bin/wrk");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)\\b");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** @param non2xx answers that were neither 2xx nor 3xx; errors: socket errors and timeouts */
    record Result(double requestsPerSecond, double p99Millis, long non2xx, long errors) {
    }

    private Wrk() {
    }

    static Result run(String url, int connections, Duration duration, List<String> headers, Path script)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t2", "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", "--timeout", "5s"));
        headers.forEach(header -> command.addAll(List.of("-H", header)));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("unexpected wrk output: " + out);
        }
        double scale = switch (p99.group(2)) {
            case "us" -> 0.001;
            case "ms" -> 1;
            default -> 1_000;
        };
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher errors = ERRORS.matcher(out);
        long errorCount = 0;
        if (errors.find()) {
            for (int i = 1; i <= 4; i++) {
                errorCount += Long.parseLong(errors.group(i));
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), Double.parseDouble(p99.group(1)) * scale,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errorCount);
    }

    /**
     * A paced load: each connection waits {@code delayMillis} between requests, so the rate is
     * about connections x 1000 / (delay + latency). wrk has no fixed-rate mode; this is its own way.
     */
    static Path pacing(Path dir, double delayMillis) throws IOException {
        Path script = dir.resolve("paced.lua");
        Files.writeString(script, "function delay()\n  return " + Math.max(0, Math.round(delayMillis)) + "\nend\n");
        return script;
    }
}
