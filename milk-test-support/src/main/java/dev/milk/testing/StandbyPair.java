package dev.milk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL primary and its streaming-replication standby, made with this machine's server
 * binaries (Debian's layout, {@code /usr/lib/postgresql/<version>/bin}: initdb, pg_ctl,
 * pg_basebackup), in a temporary directory on free loopback ports, trusting local connections; a
 * database {@code milk} on both. {@link #close} stops both and removes the directory. PostgreSQL
 * refuses to run as root: as root, its commands run as the {@code postgres} user ({@code runuser}).
 * A machine without the binaries says why in {@link #unavailable}, for the test to be skipped.
 */
public final class StandbyPair implements AutoCloseable {

    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");
    private static final String DATABASE = "milk";

    private final Path bin;
    private final Path root;
    private final int primaryPort;
    private final int standbyPort;
    private final Thread cleanUp = new Thread(this::stopAndRemove);

    private StandbyPair(Path bin, Path root, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.root = root;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** Why no pair can be made here, or empty when one can. */
    public static Optional<String> unavailable() {
        if (binaries().isEmpty()) {
            return Optional.of("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under " + DEBIAN + "/*/bin");
        }
        if (root() && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
            return Optional.of("running as root without runuser, and PostgreSQL refuses to run as root");
        }
        return Optional.empty();
    }

    /** Makes the primary, copies it to the standby (pg_basebackup -R) and starts both. */
    public static StandbyPair start() throws IOException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
        Path root = Files.createTempDirectory("milk-standby-");
        if (root()) {
            Files.setOwner(root, root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        var pair = new StandbyPair(bin, root, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(pair.cleanUp);
        try {
            pair.makePrimary();
            pair.makeStandby();
            return pair;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    public TestDatabase primary() {
        return database(primaryPort);
    }

    public TestDatabase standby() {
        return database(standbyPort);
    }

    /** Stops the standby as an operator restarting it would (fast: its sessions are ended). */
    public void stopStandby() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data("standby"), "-m", "fast", "-w", "stop");
    }

    public void startStandby() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data("standby"), "-l", root.resolve("standby.log").toString(), "-w", "-t", "60", "start");
    }

    /** The standby keeps receiving the primary's WAL but applies none of it: it falls behind. */
    public void pauseReplay() throws SQLException {
        execute(standby(), "SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() throws SQLException {
        execute(standby(), "SELECT pg_wal_replay_resume()");
    }

    @Override
    public void close() {
        stopAndRemove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs, and finds nothing left.
        }
    }

    private void makePrimary() throws IOException, InterruptedException {
        run("initdb", "-D", data("primary"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        append(data("primary"), """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 4
                wal_keep_size = 256MB
                hot_standby_feedback = on
                fsync = off
                shared_buffers = 32MB
                max_connections = 60
                """.formatted(primaryPort, root));
        run("pg_ctl", "-D", data("primary"), "-l", root.resolve("primary.log").toString(), "-w", "-t", "60", "start");
        try {
            execute(database(primaryPort, "postgres"), "CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database on the primary: " + e.getMessage(), e);
        }
    }

    private void makeStandby() throws IOException, InterruptedException {
        // A fast checkpoint: the default spreads its writes (those of CREATE DATABASE) over minutes.
        run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", data("standby"), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync");
        append(data("standby"), "port = %d%n".formatted(standbyPort));
        startStandby();
    }

    private void stopAndRemove() {
        for (String server : List.of("standby", "primary")) {
            if (Files.exists(root.resolve(server).resolve("postmaster.pid"))) {
                try {
                    run("pg_ctl", "-D", data(server), "-m", "immediate", "-w", "stop");
                } catch (IOException | RuntimeException e) {
                    System.err.println("StandbyPair: could not stop the " + server + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                System.err.println("StandbyPair: could not remove " + root + ": " + e.getMessage());
            }
        }
    }

    private String data(String server) {
        return root.resolve(server).toString();
    }

    private static void append(String dataDirectory, String settings) throws IOException {
        Files.writeString(Path.of(dataDirectory, "postgresql.conf"), "\n" + settings, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /** Runs one of PostgreSQL's programs (as postgres when root); fails with its output when it fails. */
    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("milk-standby-command-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.createStatement().execute(sql);
        }
    }

    private static TestDatabase database(int port) {
        return database(port, DATABASE);
    }

    private static TestDatabase database(int port, String name) {
        return new TestDatabase("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", null);
    }

    /** The newest PostgreSQL whose server programs are all there. */
    private static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Stream.of("initdb", "pg_ctl", "pg_basebackup", "postgres")
                            .allMatch(program -> Files.isExecutable(bin.resolve(program))))
                    .max(Comparator.comparingInt(StandbyPair::version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
