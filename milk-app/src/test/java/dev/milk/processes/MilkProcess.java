package dev.milk.processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

import dev.milk.LocalPorts;
import dev.milk.testing.TimeScale;
import dev.milk.testing.Waits;

/** Milk's jar in one role, as its own process, its output in {@code <dir>/<name>.log}. */
public final class MilkProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final int port;
    /** Health and metrics ({@code /actuator/...}) are answered here, not on {@link #port}. */
    public final int managementPort;
    private final Path log;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private MilkProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java <jvmOptions> -jar <jar>} in {@code role} against the given database and
     * broker; returns at once (see {@link #awaitReady}).
     */
    public static MilkProcess start(Path jar, Path dir, String name, String role, String jdbcUrl, String bootstrapServers,
            List<String> jvmOptions, Map<String, String> settings) throws IOException {
        int port = ChildProcesses.freePort();
        int managementPort = ChildProcesses.freePort();
        Map<String, String> env = new HashMap<>(Map.of("MILK_ROLE", role, "MILK_HTTP_PORT", Integer.toString(port),
                "MILK_MANAGEMENT_PORT", Integer.toString(managementPort),
                "MILK_DATABASE_URL", jdbcUrl, "MILK_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "MILK_WRITES_INSTANCE_ID", name, "MILK_READS_RATE_LIMIT_PER_SECOND", "0"));
        env.putAll(settings);
        List<String> command = new ArrayList<>(List.of(ChildProcesses.javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Path log = dir.resolve(name + ".log");
        Files.createDirectories(dir);
        var builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new MilkProcess(name, port, managementPort, log, builder.start());
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no commit, no goodbye to the consumer group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public void stop() {
        ChildProcesses.stop(process, Duration.ofSeconds(60));
    }

    /** The status of {@code path}, asked of the management port for {@code /actuator/...}. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portFor(path) + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int portFor(String path) {
        return LocalPorts.isManagement(path) ? managementPort : port;
    }

    /** Waits for readiness; returns the time from the process's start to its first ready answer. */
    public Duration awaitReady(Duration timeout) {
        awaitStatus("/actuator/health/readiness", 200, timeout, 20);
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public void awaitStatus(String path, int expected, Duration timeout) {
        awaitStatus(path, expected, timeout, 200);
    }

    /** @param timeout what an idle machine needs, with room; scaled by {@link TimeScale} */
    private void awaitStatus(String path, int expected, Duration timeout, long pollMillis) {
        try {
            Waits.upTo(timeout).pollInterval(Duration.ofMillis(pollMillis)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited; see " + log + "; it ends:\n" + ChildProcesses.tail(log));
                }
                return status(path) == expected;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not answer " + expected + " on " + path + " within "
                    + TimeScale.of(timeout) + "; its log ends:\n" + ChildProcesses.tail(log), e);
        }
    }

    /** The most memory the process has held (VmHWM), in MiB. */
    public long peakRssMiB() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) >> 10)
                .findFirst().orElseThrow();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.onExit().join();
    }
}
