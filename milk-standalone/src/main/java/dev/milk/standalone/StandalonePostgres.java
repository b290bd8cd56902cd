package dev.milk.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.milk.settings.SettingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A PostgreSQL server run by Milk itself, its data kept between runs. */
final class StandalonePostgres implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandalonePostgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** The major version of the bundled server; a data folder of another major cannot be opened. */
    static final String MAJOR_VERSION = "15";

    static StandalonePostgres start(Path dataDirectory) {
        Path version = dataDirectory.resolve("PG_VERSION");
        try {
            if (Files.exists(version) && !Files.readString(version).strip().equals(MAJOR_VERSION)) {
                throw new SettingException("MILK_STANDALONE_DATA_DIR", "holds a PostgreSQL " + Files.readString(version)
                        .strip() + " database in " + dataDirectory.toAbsolutePath() + ", and Milk bundles PostgreSQL "
                        + MAJOR_VERSION + ": move that folder away, or point MILK_STANDALONE_DATA_DIR elsewhere");
            }
            Files.createDirectories(dataDirectory.getParent() == null ? dataDirectory : dataDirectory.getParent());
            // No JVM hook of its own: run beside Spring's, it stopped the server while writers'
            // tasks still used it. Milk stops it after the context closed (a bean destroyed last,
            // and a shutdown handler of Spring's for a start that failed before any context).
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .start();
            return new StandalonePostgres(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            postgres.close();
        }
    }

    /** For Spring's shutdown handlers: stops the server unless the context already did. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * Waits, up to {@code patience}, until the server has stopped: PostgreSQL removes its
     * {@code postmaster.pid} last. The embedded server's own JVM hook may be the one stopping it.
     */
    void awaitStopped(Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Files.exists(dataDirectory.resolve("postmaster.pid")) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
