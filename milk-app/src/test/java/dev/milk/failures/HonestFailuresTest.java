package dev.milk.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.milk.MilkApplication;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A reads replica says "try again" only when trying again can help: its database out of reach, or
 * not migrated yet. A statement the database refuses for what it is, is a bug in Milk: a 500,
 * logged once with its SQL state and counted. Each on a database of its own, changed under the
 * running replica as an operator or a faulty release would.
 */
@ExtendWith(OutputCaptureExtension.class)
class HonestFailuresTest {

    private static final String TRY_LATER = "503 Service Unavailable: the archive cannot be read right now, try again shortly\n";

    static {
        MilkTestInfrastructure.install();
    }

    @Test
    void aColumnMissingFromAMigratedSchemaIsABugAnswered500WhileOneNotMigratedYetIsA503(CapturedOutput output)
            throws Exception {
        TestDatabase database = TestPostgres.anotherDatabase();
        start("writes", database).close();
        try (ConfigurableApplicationContext reads = start("reads", database);
             Connection owner = owner(database);
             Statement sql = owner.createStatement()) {
            // A release whose code names a column no migration made: the raid page reads raid.user_count.
            sql.execute("ALTER TABLE raid DROP COLUMN user_count");
            // The same release while its newest migration is still to come: the writers have not caught up.
            String newest = newestMigration(sql);
            sql.execute("UPDATE flyway_schema_history SET success = false WHERE version = '" + newest + "'");
            HttpResponse<String> behind = get(reads, "/raid/AAAAAAAAAAAA");
            assertThat(behind.statusCode()).isEqualTo(503);
            assertThat(behind.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(behind.body()).isEqualTo(TRY_LATER);
            assertThat(errors(reads, "schema-behind")).isEqualTo(1);

            sql.execute("UPDATE flyway_schema_history SET success = true WHERE version = '" + newest + "'");
            HttpResponse<String> bug = get(reads, "/raid/AAAAAAAAAAAA");
            assertThat(bug.statusCode()).isEqualTo(500);
            assertThat(bug.headers().firstValue("Retry-After")).isEmpty();
            assertThat(bug.body()).isEqualTo("500 Internal Server Error: this page could not be made; the fault is logged\n");
            assertThat(errors(reads, "sql")).isEqualTo(1);
            assertThat(errors(reads, "database")).isZero();
            assertThat(output.getOut().split("an SQL error \\(SQL state 42703\\) is a bug in Milk", -1))
                    .as("logged once, with its SQL state").hasSize(2);
            assertThat(output.getOut()).contains("column \"user_count\" does not exist");
        }
    }

    @Test
    void aReplicaWhoseDatabaseBecameUnreachableAnswers503WithRetryAfter() throws Exception {
        TestDatabase database = TestPostgres.anotherDatabase();
        start("writes", database).close();
        // From another database of the server: none may disallow connections to the one it is in.
        try (ConfigurableApplicationContext reads = start("reads", database);
             Connection admin = owner(TestPostgres.database());
             Statement sql = admin.createStatement()) {
            assertThat(get(reads, "/raid/AAAAAAAAAAAA").statusCode()).isEqualTo(404);

            String name = database.url().replaceFirst("\\?.*$", "").replaceFirst("^.*/", "");
            sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                for (String path : new String[] {"/raid/AAAAAAAAAAAA", "/archive/AAAAAAAAAAAA.json"}) {
                    HttpResponse<String> answer = get(reads, path);
                    assertThat(answer.statusCode()).as(path).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
                    assertThat(answer.body()).isEqualTo(TRY_LATER);
                }
                assertThat(errors(reads, "database")).isEqualTo(2);
                assertThat(errors(reads, "sql")).isZero();
            } finally {
                sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
            awaitStatus(reads, "/raid/AAAAAAAAAAAA", 404);
        }
    }

    /** The pool reconnects on its own once the database takes connections again. */
    private static void awaitStatus(ConfigurableApplicationContext reads, String path, int expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        int last = get(reads, path).statusCode();
        while (last != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            last = get(reads, path).statusCode();
        }
        assertThat(last).as(path + " within 30 s").isEqualTo(expected);
    }

    private static String newestMigration(Statement sql) throws SQLException {
        var newest = sql.executeQuery("SELECT max(version::int)::text FROM flyway_schema_history WHERE success");
        newest.next();
        return newest.getString(1);
    }

    private static double errors(ConfigurableApplicationContext reads, String kind) {
        var counter = reads.getBean(MeterRegistry.class).find("milk.reads.errors").tag("kind", kind).counter();
        return counter == null ? -1 : counter.count();
    }

    private static Connection owner(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    private static ConfigurableApplicationContext start(String role, TestDatabase database) {
        return new SpringApplicationBuilder(MilkApplication.class)
                .properties("milk.role=" + role, "milk.http.port=0", "milk.writes.group-id=honest-failures-" + role)
                .run("--milk.database.url=" + database.url(), "--milk.database.username=" + database.username(),
                        "--milk.database.password=" + (database.password() == null ? "" : database.password()));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
