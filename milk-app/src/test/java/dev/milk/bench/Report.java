package dev.milk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's one table: figure, Milk, baseline, ratio, target. */
final class Report {

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    /** {@code baseline} and {@code ratio} may be "" where a figure has none. */
    void row(String figure, double milk, Object baseline, Object ratio, String target) {
        String line = String.format("| %s | %s | %s | %s | %s |", figure, number(milk), baseline instanceof Double b
                ? number(b) : baseline, ratio instanceof Double r ? String.format("%.2f", r) : ratio, target);
        rows.add(line);
        System.out.println(line);
    }

    /** A line under the table: what limited a figure. */
    void note(String line) {
        notes.add("- " + line);
        System.out.println(line);
    }

    private static String number(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    /** A table of its own under the notes, such as memory by phase. */
    void table(String title, List<String> table) {
        tables.add("");
        tables.add(title);
        tables.add("");
        tables.addAll(table);
        table.forEach(System.out::println);
    }

    void write(Path file, boolean full, int accounts) throws IOException {
        write(file, String.format("%s run (%,d accounts)", full ? "full" : "short", accounts));
    }

    void write(Path file, String run) throws IOException {
        List<String> lines = new ArrayList<>(List.of(String.format("Milk performance, %s, JVM %s, %d cores", run,
                Runtime.version(), Runtime.getRuntime().availableProcessors()), "",
                "| figure | Milk | baseline | ratio | target |", "| --- | --- | --- | --- | --- |"));
        lines.addAll(rows);
        if (!notes.isEmpty()) {
            lines.add("");
            lines.addAll(notes);
        }
        lines.addAll(tables);
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
