package dev.milk.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.milk.testing.TimeScale;
import dev.milk.testing.Waits;

/** Starting, waiting for and measuring the OS processes of the fault suite and the benchmarks. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** A JVM of the test's own Java on the test classpath, running {@code main}. */
    public static List<String> java(String main, String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-cp", classpath(), main));
        command.addAll(List.of(arguments));
        return command;
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire and Failsafe hand the test classpath over in this property (the JVM's own is a manifest jar). */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public static Process start(List<String> command, Path log) throws IOException {
        return start(new ProcessBuilder(command), log);
    }

    /** Starts {@code process} (its directory and environment as it sets them), its output appended to {@code log}. */
    public static Process start(ProcessBuilder process, Path log) throws IOException {
        return process.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Runs {@code command} to its end; fails unless it exits with 0 within {@code timeout} (scaled by {@link TimeScale}). */
    public static void run(List<String> command, Path log, Duration timeout) throws IOException {
        run(new ProcessBuilder(command), log, timeout);
    }

    /** As {@link #run(List, Path, Duration)}, in the directory and environment {@code process} sets. */
    public static void run(ProcessBuilder process, Path log, Duration timeout) throws IOException {
        List<String> command = process.command();
        Process started = start(process, log);
        try {
            if (!started.waitFor(TimeScale.of(timeout).toSeconds(), TimeUnit.SECONDS) || started.exitValue() != 0) {
                started.destroyForcibly();
                throw new AssertionError(String.join(" ", command.subList(Math.max(0, command.size() - 4), command.size()))
                        + " failed; see " + log + "; it ends:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops a process: SIGTERM, then SIGKILL after {@code patience}. */
    public static void stop(Process process, Duration patience) {
        process.destroy();
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits for a listener on {@code port}, up to {@code timeout} scaled by {@link TimeScale}. */
    public static void awaitPort(int port, Duration timeout) {
        Waits.upTo(timeout).pollInterval(Duration.ofMillis(200)).alias("a listener on " + port)
                .until(() -> listens(port));
    }

    private static boolean listens(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last 40 lines of a log, stack frames left out: the messages say more in that room. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("\tat ") && !line.startsWith("\t... ")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
