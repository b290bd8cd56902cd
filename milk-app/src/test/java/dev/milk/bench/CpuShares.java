package dev.milk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Where the machine's CPU went during a phase, process by process (from {@code /proc/<pid>/stat}):
 * the profile that says which side limits a figure.
 */
final class CpuShares {

    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Supplier<LongStream>> parts = new LinkedHashMap<>();
    private final Map<String, Long> before = new LinkedHashMap<>();
    private long startNanos;

    /** {@code pids} is asked at the start and at the end: PostgreSQL's backends come and go. */
    CpuShares part(String name, Supplier<LongStream> pids) {
        parts.put(name, pids);
        return this;
    }

    static LongStream postgres() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(ProcessHandle::pid);
    }

    CpuShares start() {
        startNanos = System.nanoTime();
        parts.forEach((name, pids) -> before.put(name, ticks(pids.get())));
        return this;
    }

    /** "writer 3.1 s, PostgreSQL 5.0 s, ... of 9.2 s x 2 cores". */
    String stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder line = new StringBuilder();
        parts.forEach((name, pids) -> line.append(line.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(String.format("%.1f s", (ticks(pids.get()) - before.get(name)) / TICKS_PER_SECOND)));
        return line.append(String.format(" of %.1f s x %d cores", seconds, Runtime.getRuntime().availableProcessors()))
                .toString();
    }

    /** User and system time of the processes alive now (a process that ended meanwhile counts no more). */
    private static long ticks(LongStream pids) {
        return pids.map(pid -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
    }
}
