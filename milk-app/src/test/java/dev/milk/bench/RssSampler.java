package dev.milk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resident memory of each process, read from {@code /proc/<pid>/status} every 100 ms, its
 * peak kept per phase of a benchmark (VmHWM only knows a process's whole life).
 */
final class RssSampler implements AutoCloseable {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    /** Phase, then process: the highest VmRSS seen, in MiB. */
    private final Map<String, Map<String, Long>> peaks = new LinkedHashMap<>();
    private volatile String phase = "start";
    private volatile boolean stopped;
    private Thread sampler;

    RssSampler watch(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    RssSampler start() {
        sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** From now on, peaks count towards {@code name}. */
    void phase(String name) {
        phase = name;
    }

    private synchronized void sample() {
        Map<String, Long> now = peaks.computeIfAbsent(phase, p -> new LinkedHashMap<>());
        pids.forEach((name, pid) -> {
            long rss = rssMiB(pid);
            if (rss >= 0) {
                now.merge(name, rss, Math::max);
            }
        });
    }

    private static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended: it has no memory left to count.
        }
        return -1;
    }

    /** One row a phase, one column a process, peaks in MiB. */
    synchronized List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("| phase | " + String.join(" | ", pids.keySet()) + " |");
        lines.add("| --- |" + " --- |".repeat(pids.size()));
        peaks.forEach((name, byProcess) -> lines.add("| " + name + " | " + String.join(" | ",
                pids.keySet().stream().map(p -> byProcess.containsKey(p) ? byProcess.get(p).toString() : "").toList())
                + " |"));
        return lines;
    }

    /** The highest of {@code process} over every phase, in MiB. */
    synchronized long peak(String process) {
        return peaks.values().stream().mapToLong(byProcess -> byProcess.getOrDefault(process, 0L)).max().orElse(0);
    }

    @Override
    public void close() {
        stopped = true;
        if (sampler != null) {
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
