package dev.milk.bots;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a bot's build gets from milk-client: its classes and its runtime dependencies, milk-protocol
 * among them, as Maven resolved them for milk-client (its pom writes them to target/bot-classpath.txt).
 */
final class ClientClasspath {

    /** Java 17's class file version. */
    static final int JAVA_17 = 61;
    private static final Path CLIENT = BotTest.REPOSITORY.resolve("milk-client/target");

    private ClientClasspath() {
    }

    /** Every entry; fails, naming it, when one holds a class newer than Java 17, which a Java 17 bot cannot load. */
    static List<Path> forJava17() {
        Path listed = CLIENT.resolve("bot-classpath.txt");
        if (!Files.isRegularFile(listed) || !Files.isDirectory(CLIENT.resolve("classes"))) {
            throw new AssertionError(CLIENT + " has no classes or bot-classpath.txt: build milk-client first "
                    + "(-pl milk-app -am)");
        }
        List<Path> entries = new ArrayList<>(List.of(CLIENT.resolve("classes")));
        try {
            for (String entry : Files.readString(listed).strip().split(File.pathSeparator)) {
                entries.add(Path.of(entry));
            }
            for (Path entry : entries) {
                int newest = newestClassVersion(entry);
                if (newest > JAVA_17) {
                    throw new AssertionError(entry + " holds classes of version " + newest + " (Java " + (newest - 44)
                            + "): a bot on Java 17 fails on them with 'class file has wrong version'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * The highest class file version in a jar or a folder of classes. A multi-release jar's newer
     * classes (META-INF/versions) and module descriptors are left out: Java 17 reads neither on a classpath.
     */
    private static int newestClassVersion(Path entry) throws IOException {
        int newest = 0;
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        newest = Math.max(newest, version(in));
                    }
                }
            }
            return newest;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            for (ZipEntry file : jar.stream().filter(ClientClasspath::loadedOnJava17).toList()) {
                try (InputStream in = jar.getInputStream(file)) {
                    newest = Math.max(newest, version(in));
                }
            }
        }
        return newest;
    }

    private static boolean loadedOnJava17(ZipEntry file) {
        return file.getName().endsWith(".class") && !file.getName().startsWith("META-INF/")
                && !file.getName().endsWith("module-info.class");
    }

    /** The major version in a class file's header (magic, minor, major). */
    private static int version(InputStream classFile) throws IOException {
        var in = new DataInputStream(classFile);
        in.readInt();
        in.readUnsignedShort();
        return in.readUnsignedShort();
    }
}
