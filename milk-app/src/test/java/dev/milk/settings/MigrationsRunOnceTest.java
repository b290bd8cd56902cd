package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.milk.MilkApplication;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;

/**
 * A deploy starts several writers at once on an empty database: Flyway's lock in PostgreSQL lets
 * one migrate while the others wait, so every migration is applied exactly once.
 */
class MigrationsRunOnceTest {

    private static final String SCHEMA = "classpath*:dev/milk/schema/";

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
                     "SELECT script, count(*) AS times FROM flyway_schema_history WHERE success GROUP BY script")) {
            while (rows.next()) {
                applied.put(rows.getString("script"), rows.getInt("times"));
            }
        }
        assertThat(applied).isEqualTo(eachOnce(migrationScripts()));
    }

    /** Every script of the schema folder Milk's writers migrate from, as the jar holds them. */
    private static List<String> migrationScripts() throws IOException {
        List<String> scripts = Stream.of(new PathMatchingResourcePatternResolver().getResources(SCHEMA + "*.sql"))
                .map(Resource::getFilename)
                .toList();
        assertThat(scripts).as("the migrations in " + SCHEMA).contains("V1__raid.sql", "R__reads_role.sql");
        return scripts;
    }

    private static Map<String, Integer> eachOnce(List<String> scripts) {
        return scripts.stream().collect(Collectors.toMap(script -> script, script -> 1));
    }
}
