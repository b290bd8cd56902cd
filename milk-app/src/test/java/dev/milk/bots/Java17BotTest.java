package dev.milk.bots;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.milk.processes.Jdk17;

/**
 * milk-client on a bot's Java 17, not on Milk's 25: a bot (src/test/resources/bots/java17) compiled
 * by JDK 17's javac against the client's runtime classpath alone, and run by JDK 17's java.
 */
class Java17BotTest extends BotTest {

    private static final Path BOT = Path.of("src/test/resources/bots/java17/RaidBot.java").toAbsolutePath();

    @Test
    void aBotOnJava17LogsARaidWithMilkClient(@TempDir Path work) throws IOException {
        Path jdk = Jdk17.home();
        String classpath = ClientClasspath.forJava17().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");

        run(bot(work, jdk.resolve("bin/javac").toString(), "-d", classes.toString(),
                "-cp", classpath, BOT.toString()), work.resolve("javac.log"), Duration.ofMinutes(2));
        String output = run(bot(work, jdk.resolve("bin/java").toString(), "-cp",
                classes + File.pathSeparator + classpath, "RaidBot"), work.resolve("bot.log"), Duration.ofMinutes(2));

        assertServesConcludedRaid(printedUrl(output));
    }
}
