package dev.milk.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible server, s3proxy (from Maven Central, copied to {@code target/s3proxy} by the
 * build), as its own process: objects in memory, AWS signatures checked against one key pair.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "milk-test";
    public static final String SECRET_KEY = "milk-test-secret";
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

    private final int port = ChildProcesses.freePort();
    private final Process server;

    public S3ProxyProcess(Path dir) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the build copies it (maven-dependency-plugin, s3proxy)");
        }
        Path config = dir.resolve("s3proxy.properties");
        Files.writeString(config, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY, "jclouds.provider=transient", "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY, ""));
        server = ChildProcesses.start(List.of(ChildProcesses.javaBinary(), "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", config.toString()), dir.resolve("s3proxy.log"));
        ChildProcesses.awaitPort(port, Duration.ofSeconds(60));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.destroyForcibly();
        server.onExit().join();
    }
}
