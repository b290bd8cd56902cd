package dev.milk.bots;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's Node.js bot (examples/node, on kafkajs), installed from its lock file as its user would. */
class NodeBotTest extends BotTest {

    @Test
    void theNodeExampleLogsARaidAndPrintsItsPage(@TempDir Path work) throws IOException {
        assumeTrue(onPath("node").isPresent() && onPath("npm").isPresent(),
                "node and npm are not installed (Debian's nodejs and npm packages)");
        for (String file : new String[] {"package.json", "package-lock.json", "raid.mjs"}) {
            Files.copy(REPOSITORY.resolve("examples/node").resolve(file), work.resolve(file));
        }

        run(bot(work, "npm", "ci", "--no-audit", "--no-fund"), work.resolve("npm.log"), Duration.ofMinutes(5));
        String output = run(bot(work, "node", "raid.mjs"), work.resolve("node.log"), Duration.ofMinutes(2));

        assertServesConcludedRaid(printedUrl(output));
    }
}
