package dev.milk.dce.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.milk.settings.SettingException;

/**
 * The exports {@code MILK_IMPORT_DCE_PATH} names. DCE's {@code --partition} writes one export in
 * parts, {@code name.json}, {@code name [part 2].json}, ...: the parts of one export make one
 * archive, read in their order.
 */
final class DceSources {

    private static final Pattern PART = Pattern.compile("(.*) \\[part (\\d{1,9})]\\.json");

    /** One part of an export: its name in the report, how to read it, the folder its media paths start from. */
    record Part(String name, Opener opener, Path directory) {
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    /** One export: its parts, the first one first. */
    record Export(String name, List<Part> parts) {
    }

    private DceSources() {
    }

    static List<Export> of(String path, InputStream stdin) {
        if (path.equals("-")) {
            return List.of(new Export("standard input",
                    List.of(new Part("standard input", () -> stdin, Path.of("").toAbsolutePath()))));
        }
        Path given = Path.of(path);
        if (Files.isDirectory(given)) {
            return grouped(list(given));
        }
        if (!Files.isRegularFile(given)) {
            throw new SettingException("MILK_IMPORT_DCE_PATH", "names " + path + ", which is neither a file nor a folder");
        }
        // A file and its parts beside it.
        String base = baseName(given.getFileName().toString());
        Path folder = given.toAbsolutePath().getParent();
        List<Export> beside = grouped(list(folder)).stream().filter(e -> e.name().equals(base)).toList();
        return beside.isEmpty() ? grouped(List.of(given)) : beside;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                    && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new SettingException("MILK_IMPORT_DCE_PATH", "names " + folder + ", which cannot be read: " + e.getMessage());
        }
    }

    private static List<Export> grouped(List<Path> files) {
        Map<String, List<Path>> exports = new LinkedHashMap<>();
        for (Path file : files) {
            exports.computeIfAbsent(baseName(file.getFileName().toString()), k -> new ArrayList<>()).add(file);
        }
        List<Export> all = new ArrayList<>();
        exports.forEach((name, parts) -> all.add(new Export(name, parts.stream()
                .sorted(Comparator.comparingInt(DceSources::partNumber))
                .map(f -> new Part(f.getFileName().toString(), () -> Files.newInputStream(f),
                        f.toAbsolutePath().getParent()))
                .toList())));
        return all;
    }

    /** {@code name} of {@code name.json} and of {@code name [part 3].json}. */
    static String baseName(String file) {
        Matcher part = PART.matcher(file);
        if (part.matches()) {
            return part.group(1);
        }
        return file.toLowerCase(Locale.ROOT).endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }

    private static int partNumber(Path file) {
        Matcher part = PART.matcher(file.getFileName().toString());
        return part.matches() ? Integer.parseInt(part.group(2)) : 1;
    }

    static InputStream open(Part part) {
        try {
            return part.opener().open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
