package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.milk.processes.ChildProcesses;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.processes.MilkProcess;

/** Milk's jar as the image runs it (Dockerfile), each role its own process, for the benchmarks. */
final class BenchMilk {

    /**
     * As the image starts Milk in a container of the stack file's memory limit: the limit as the
     * machine's memory, and the collector the JVM picks itself under 1,792 MiB.
     */
    private static final List<String> IMAGE_JVM = List.of("-XX:+ExitOnOutOfMemoryError", "-Xms32m", "-XX:+UseSerialGC");
    /** The stack file's memory limits (docker-compose.example.yml). */
    static final String WRITES_MEMORY = "768m";
    static final String READS_MEMORY = "768m";

    private final Path app;
    private final Path dir;

    private BenchMilk(Path app, Path dir) {
        this.app = app;
        this.dir = dir;
    }

    /** The jar as the image holds it: extracted into {@code dir}, with a JDK AOT cache trained as the Dockerfile trains it. */
    static BenchMilk extract(Path jar, Path dir) throws IOException {
        Path app = dir.resolve("app");
        ChildProcesses.run(List.of(ChildProcesses.javaBinary(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", app.toString()), dir.resolve("extract.log"), Duration.ofMinutes(2));
        var training = new ProcessBuilder(ChildProcesses.javaBinary(), "-XX:AOTCacheOutput=" + app.resolve("milk.aot"),
                "-Dspring.context.exit=onRefresh", "-jar", "milk.jar").directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("aot-training.log").toFile());
        training.environment().putAll(Map.of("MILK_ROLE", "all", "MILK_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:1/training", "MILK_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "SPRING_KAFKA_ADMIN_OPERATION_TIMEOUT", "1s", "SPRING_FLYWAY_ENABLED", "false"));
        try {
            Process process = training.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(app.resolve("milk.aot")).exists();
        return new BenchMilk(app, dir);
    }

    /** Starts {@code role} with the image's JVM settings in a container of {@code memory}; returns at once. */
    MilkProcess start(String name, String role, String memory, String jdbcUrl, KafkaBrokerProcess broker,
            Map<String, String> settings) throws IOException {
        List<String> jvm = new ArrayList<>(IMAGE_JVM);
        jvm.add("-XX:MaxRAM=" + memory);
        jvm.add("-XX:AOTCache=" + app.resolve("milk.aot"));
        if (Boolean.getBoolean("milk.bench.profile")) {
            // A Flight Recorder profile of each process, written when it stops (BENCHMARKS.md, Profiles).
            jvm.add("-XX:StartFlightRecording:settings=profile,filename=" + dir.resolve(name + ".jfr"));
        }
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("MALLOC_ARENA_MAX", "2");
        return MilkProcess.start(app.resolve("milk.jar"), dir, name, role, jdbcUrl, broker.bootstrapServers(), jvm,
                environment);
    }
}
