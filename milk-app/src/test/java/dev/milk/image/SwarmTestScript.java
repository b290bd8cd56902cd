package dev.milk.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import dev.milk.testing.TimeScale;

/**
 * {@code swarm-test/run.sh}, run from the tests: the engine and the images once per test JVM
 * (removed again when it exits), then the stack test. Its exit status 77 means no Docker engine
 * can run here, which the tests report as skipped with the script's reason.
 */
final class SwarmTestScript {

    static final int SKIPPED = 77;
    private static final Path SCRIPT = Path.of("..", "swarm-test", "run.sh").toAbsolutePath().normalize();
    private static final Path LOGS = Path.of("target", "swarm-test").toAbsolutePath();

    /** The images the tests run: Milk's, and PostgreSQL's and Kafka's (local stand-ins or the official). */
    record Images(String milk, String postgres, String kafka) {
    }

    private static Images images;
    private static String skipped;

    private SwarmTestScript() {
    }

    /** The engine and images, made once per JVM; aborts the calling test when no engine can run here. */
    static synchronized Images images() {
        if (images == null && skipped == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run("clean", TimeScale.of(Duration.ofMinutes(5)))));
            Result result = run("images", TimeScale.of(Duration.ofMinutes(30)));
            if (result.status() == SKIPPED) {
                skipped = result.reason();
            } else if (result.status() != 0) {
                throw new AssertionError("swarm-test/run.sh images failed:\n" + result.tail());
            } else {
                Matcher line = Pattern.compile("images: milk=(\\S+) postgres=(\\S+) kafka=(\\S+)").matcher(result.output());
                if (!line.find()) {
                    throw new AssertionError("swarm-test/run.sh images named no images:\n" + result.tail());
                }
                images = new Images(line.group(1), line.group(2), line.group(3));
            }
        }
        Assumptions.assumeTrue(skipped == null, () -> "the Docker tests are skipped: " + skipped);
        return images;
    }

    /** The output of a run, and its last lines for a failure message. */
    record Result(int status, String output) {

        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
        }

        String reason() {
            return output.lines().filter(l -> l.contains("SKIPPED: ")).map(l -> l.substring(l.indexOf("SKIPPED: ") + 9))
                    .findFirst().orElse("swarm-test/run.sh exited with " + SKIPPED);
        }
    }

    /** Where a run of {@code step} keeps its assertions, one JSON object a line (MILK_SWARM_TEST_RESULTS). */
    static Path results(String step) {
        return LOGS.resolve(step + "-results.jsonl");
    }

    static Result run(String step, Duration timeout) {
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(step + ".log");
            Files.deleteIfExists(results(step));
            var command = new ProcessBuilder("bash", SCRIPT.toString(), step).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            command.environment().put("MILK_SWARM_TEST_RESULTS", results(step).toString());
            Process process = command.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new AssertionError("swarm-test/run.sh " + step + " ran past " + timeout + "; see " + log);
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
