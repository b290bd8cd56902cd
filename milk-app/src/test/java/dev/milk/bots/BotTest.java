package dev.milk.bots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.milk.MilkEndToEndTest;
import dev.milk.processes.ChildProcesses;
import dev.milk.testing.TestKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bot as its user runs it: its own process, outside this JVM, on this test's broker and Milk.
 * Every example bot logs the same three accounts in a concluded raid and prints the page to post;
 * the test reads that page as the public does.
 */
abstract class BotTest extends MilkEndToEndTest {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final List<String> ACCOUNTS = List.of("1100000000000000001", "1100000000000000002", "1100000000000000003");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A bot in {@code dir}, with the settings every example reads: the broker, and the base of the URL it prints. */
    ProcessBuilder bot(Path dir, String... command) {
        var bot = new ProcessBuilder(command).directory(dir.toFile());
        bot.environment().put("KAFKA_BROKERS", TestKafka.bootstrapServers());
        bot.environment().put("MILK_URL", milkUrl());
        return bot;
    }

    /** Runs {@code process} to its end, which must be exit code 0; returns what it printed. */
    static String run(ProcessBuilder process, Path log, Duration timeout) {
        try {
            ChildProcesses.run(process, log, timeout);
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name} on the PATH, as a shell finds it. */
    static Optional<Path> onPath(String name) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The last raid page a bot printed. */
    String printedUrl(String output) {
        List<String> urls = new ArrayList<>(output.lines().filter(line -> line.startsWith(milkUrl() + "/raid/")).toList());
        assertThat(urls).as("the page the bot printed, in:\n" + output).isNotEmpty();
        return urls.getLast();
    }

    /** The page serves the concluded raid with exactly the example's accounts, in the text and the JSON. */
    void assertServesConcludedRaid(String url) {
        String path = url.substring(milkUrl().length());
        HttpResponse<String> text = get(path);
        assertThat(text.statusCode()).as(url).isEqualTo(200);
        assertThat(text.body()).contains("Raid size: 3 accounts").contains(ACCOUNTS)
                .contains("spam-bot-1", "spam-bot-2", "spam-bot-3");

        JsonNode page = JSON.readTree(get(path + ".json").body());
        assertThat(page.get("raid").get("concludedAt").isNull()).as("concluded").isFalse();
        List<String> ids = new ArrayList<>();
        page.get("users").get("data").forEach(user -> ids.add(user.get("id").asString()));
        assertThat(ids).containsExactlyElementsOf(ACCOUNTS);
    }

    private String milkUrl() {
        return "http://127.0.0.1:" + port;
    }
}
