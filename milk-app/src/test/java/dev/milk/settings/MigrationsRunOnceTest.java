package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import dev.milk.MilkApplication;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;

/**
 * A deploy starts several writers at once on an empty database: Flyway's lock in PostgreSQL lets
 * one migrate while the others wait, so every migration is applied exactly once.
 */
class MigrationsRunOnceTest {

    @Test
    void threeWritersStartingTogetherApplyEachMigrationOnce() throws Exception {
        TestDatabase fresh = TestPostgres.anotherDatabase();
        List<Callable<ConfigurableApplicationContext>> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writers.add(() -> new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=writes",
                    "--milk.database.url=" + fresh.url(), "--milk.database.username=" + fresh.username(),
                    "--milk.database.password=" + (fresh.password() == null ? "" : fresh.password()),
                    "--milk.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(), "--milk.http.port=0",
                    "--milk.writes.group-id=migrations-test"));
        }
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        // Three Spring Boot starts in one JVM would reset the one shared Logback context at once
        // (a ConcurrentModificationException inside Logback); separate processes have one each.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (var pool = Executors.newFixedThreadPool(3)) {
            for (Future<ConfigurableApplicationContext> writer : pool.invokeAll(writers)) {
                started.add(writer.get());
            }
        } finally {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            started.forEach(ConfigurableApplicationContext::close);
        }
        assertThat(started).hasSize(3);

        Map<String, Integer> applied = new TreeMap<>();
        try (var connection = fresh.connect();
             var rows = connection.createStatement().executeQuery(
                     "SELECT script, count(*) FROM flyway_schema_history WHERE success GROUP BY script")) {
            while (rows.next()) {
                applied.put(rows.getString(1), rows.getInt(2));
            }
        }
        assertThat(applied).containsEntry("V1__raid.sql", 1).containsEntry("R__reads_role.sql", 1);
    }
}
