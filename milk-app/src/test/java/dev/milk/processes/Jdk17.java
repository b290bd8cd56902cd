package dev.milk.processes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A JDK 17 beside the build's 25, for what must run on a bot's Java: MILK_TEST_JDK17, else Debian's openjdk-17. */
public final class Jdk17 {

    private static final Path HOME = Path.of(Objects.requireNonNullElse(System.getenv("MILK_TEST_JDK17"),
            "/usr/lib/jvm/java-17-openjdk-amd64"));

    private Jdk17() {
    }

    /** Its home; the calling test is reported skipped, with the reason, where there is none. */
    public static Path home() {
        assumeTrue(Files.isExecutable(HOME.resolve("bin/javac")) && Files.isExecutable(HOME.resolve("bin/java")),
                () -> "no JDK 17 at " + HOME + " (set MILK_TEST_JDK17 to one)");
        try {
            assumeTrue(Files.readString(HOME.resolve("release")).contains("JAVA_VERSION=\"17"),
                    () -> "MILK_TEST_JDK17 (" + HOME + ") is not a JDK 17");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HOME;
    }
}
