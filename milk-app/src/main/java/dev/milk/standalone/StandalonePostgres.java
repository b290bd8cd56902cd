package dev.milk.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A PostgreSQL server run by Milk itself, its data kept between runs. */
final class StandalonePostgres implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private StandalonePostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static StandalonePostgres start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory.getParent() == null ? dataDirectory : dataDirectory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            return new StandalonePostgres(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
