package dev.milk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;

/** Where a benchmark runs: its own folder, emptied, and its own database on the machine's PostgreSQL, new. */
final class BenchPlace {

    private BenchPlace() {
    }

    /** @return the JDBC URL of {@code name}, made anew on the server of {@code MILK_TEST_DATABASE_URL} */
    static String freshDatabase(String name) throws SQLException {
        String base = System.getenv().getOrDefault("MILK_TEST_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        try (Connection db = DriverManager.getConnection(base)) {
            db.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            db.createStatement().execute("CREATE DATABASE " + name);
        }
        return base.replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
    }

    static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}
