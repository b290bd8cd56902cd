package dev.milk.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one place that decides where tests get PostgreSQL, once per JVM:
 * <ol>
 * <li>{@code MILK_TEST_DATABASE_URL} (a JDBC URL with credentials, as CI sets it): a fresh database
 * is created on that server for this JVM and dropped when it exits;</li>
 * <li>else Testcontainers, where a Docker engine answers and can pull the image;</li>
 * <li>else an embedded PostgreSQL, so the tests pass on a machine with only a JDK.</li>
 * </ol>
 * Every source is a real PostgreSQL server.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "MILK_TEST_DATABASE_URL";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    private TestPostgres() {
    }

    public static TestDatabase database() {
        return Holder.DATABASE;
    }

    /** A further, empty database on the same server, for a test that needs one of its own. */
    public static TestDatabase anotherDatabase() {
        TestDatabase shared = database();
        String name = "milk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Admin admin = Holder.ADMIN;
        admin.execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> admin.drop(name)));
        return new TestDatabase(withDatabase(shared.url(), name), shared.username(), shared.password());
    }

    /**
     * Where databases are created and dropped: the server of {@code MILK_TEST_DATABASE_URL}
     * through the database it names, else the shared database itself (a throwaway server).
     */
    private record Admin(String url, Properties credentials) {

        void execute(String sql) {
            try (Connection admin = DriverManager.getConnection(url, credentials)) {
                admin.createStatement().execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot run '" + sql + "' on the test server: " + e.getMessage(), e);
            }
        }

        void drop(String database) {
            try {
                execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                log.warn("could not drop test database {}: {}", database, e.getMessage());
            }
        }
    }

    private static final class Holder {
        static final TestDatabase DATABASE = start();
        static final Admin ADMIN = admin();
    }

    private static Admin admin() {
        String serverUrl = System.getenv(URL_VARIABLE);
        if (serverUrl != null && !serverUrl.isBlank()) {
            return new Admin(serverUrl, new Properties());
        }
        TestDatabase database = Holder.DATABASE;
        var credentials = new Properties();
        credentials.setProperty("user", database.username());
        if (database.password() != null) {
            credentials.setProperty("password", database.password());
        }
        return new Admin(database.url(), credentials);
    }

    private static TestDatabase start() {
        String serverUrl = System.getenv(URL_VARIABLE);
        if (serverUrl != null && !serverUrl.isBlank()) {
            return freshDatabaseOn(serverUrl);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            var container = new PostgreSQLContainer("postgres:15-alpine");
            try {
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                log.info("Tests use PostgreSQL from Testcontainers");
                return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            } catch (RuntimeException e) {
                // An engine that cannot pull (no registry) still leaves the embedded server.
                log.warn("Testcontainers could not start PostgreSQL ({}); tests use an embedded one", e.getMessage());
                container.stop();
            }
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
            log.info("Tests use an embedded PostgreSQL (no {} and no Docker)", URL_VARIABLE);
            return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("could not start an embedded PostgreSQL; set " + URL_VARIABLE, e);
        }
    }

    private static TestDatabase freshDatabaseOn(String serverUrl) {
        String name = "milk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(serverUrl)) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database through " + URL_VARIABLE
                    + " (" + e.getMessage() + ")", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(serverUrl, name)));
        String user = System.getProperty("user.name");
        try (Connection admin = DriverManager.getConnection(serverUrl)) {
            user = admin.getMetaData().getUserName();
        } catch (SQLException e) {
            log.debug("could not read the user name of {}", URL_VARIABLE, e);
        }
        log.info("Tests use database {} on the server of {}", name, URL_VARIABLE);
        return new TestDatabase(withDatabase(serverUrl, name), user, null);
    }

    /** Replaces the database of a JDBC URL, keeping its query (credentials, options). */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String rest = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + database + rest;
        }
        return base.substring(0, slash + 1) + database + rest;
    }

    private static void dropDatabase(String serverUrl, String name) {
        try (Connection admin = DriverManager.getConnection(serverUrl)) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("could not drop test database {}: {}", name, e.getMessage());
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (Exception e) {
            log.warn("could not stop the embedded PostgreSQL: {}", e.getMessage());
        }
    }
}
