package dev.milk.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** README's kcat scripts, one a wire generation: each logs a raid and reads every reply, with the public id, back. */
class KcatScriptsTest extends BotTest {

    @ParameterizedTest
    @ValueSource(strings = {"gen1.sh", "gen2.sh"})
    void aScriptLogsARaidAndReadsEachReplyWithItsPublicId(String script, @TempDir Path work) {
        assumeTrue(onPath("kcat").isPresent(), "kcat is not installed (Debian's kcat package; .ci/run installs it)");

        String output = run(bot(work, REPOSITORY.resolve("examples/kcat").resolve(script).toString()),
                work.resolve("kcat.log"), Duration.ofMinutes(2));

        String url = printedUrl(output);
        String publicId = url.substring(url.lastIndexOf('/') + 1);
        assertThat(output.lines().filter(line -> line.matches("(create-raid|batch-insert-raid-users|conclude-raid): .*")))
                .as(output).hasSize(3)
                .allSatisfy(reply -> assertThat(reply).contains("\"publicId\":\"" + publicId + "\"", "\"acknowledged\":true"));
        assertServesConcludedRaid(url);
    }
}
