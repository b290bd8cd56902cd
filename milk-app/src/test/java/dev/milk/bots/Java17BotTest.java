package dev.milk.bots;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * milk-client on a bot's Java 17, not on Milk's 25: a bot (src/test/resources/bots/java17) compiled
 * by JDK 17's javac against the client's runtime classpath alone, and run by JDK 17's java.
 */
class Java17BotTest extends BotTest {

    /** JDK 17's home: MILK_TEST_JDK17, else Debian's openjdk-17 package. */
    private static final Path JDK = Path.of(Objects.requireNonNullElse(System.getenv("MILK_TEST_JDK17"),
            "/usr/lib/jvm/java-17-openjdk-amd64"));
    private static final Path BOT = Path.of("src/test/resources/bots/java17/RaidBot.java").toAbsolutePath();

    @Test
    void aBotOnJava17LogsARaidWithMilkClient(@TempDir Path work) throws IOException {
        assumeTrue(Files.isExecutable(JDK.resolve("bin/javac")) && Files.isExecutable(JDK.resolve("bin/java")),
                () -> "no JDK 17 at " + JDK + " (set MILK_TEST_JDK17 to one)");
        String release = Files.readString(JDK.resolve("release"));
        assumeTrue(release.contains("JAVA_VERSION=\"17"), () -> "MILK_TEST_JDK17 (" + JDK + ") is not a JDK 17");
        String classpath = ClientClasspath.forJava17().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");

        run(bot(work, JDK.resolve("bin/javac").toString(), "-d", classes.toString(),
                "-cp", classpath, BOT.toString()), work.resolve("javac.log"), Duration.ofMinutes(2));
        String output = run(bot(work, JDK.resolve("bin/java").toString(), "-cp",
                classes + File.pathSeparator + classpath, "RaidBot"), work.resolve("bot.log"), Duration.ofMinutes(2));

        assertServesConcludedRaid(printedUrl(output));
    }
}
