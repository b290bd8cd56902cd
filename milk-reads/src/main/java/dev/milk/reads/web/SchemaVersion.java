package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells a release that is ahead of its database from a bug. Reads replicas may start before the
 * writers have migrated (a new stack, a rolling update): until then a table or column of this
 * release is missing, and a request should be tried again, not filed as a bug. This release's
 * schema is the newest migration on the classpath (the writers', which every image carries); the
 * database's is the newest one Flyway applied.
 */
public final class SchemaVersion {

    /** Undefined table, column, function and object: what a migration still to come would create. */
    private static final Set<String> UNDEFINED = Set.of("42P01", "42703", "42883", "42704");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    private final JdbcClient jdbc;
    private final int release;
    private volatile boolean current;

    public SchemaVersion(DataSource readsDataSource) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.release = newestMigration();
    }

    /** Whether {@code failure} is a missing table or column of a schema the writers have not migrated to yet. */
    public boolean behind(DataAccessException failure) {
        if (current || !UNDEFINED.contains(sqlState(failure))) {
            return false;
        }
        try {
            // Two statements: PostgreSQL refuses a whole statement that names a missing table.
            boolean migrated = jdbc.sql("SELECT to_regclass('flyway_schema_history') IS NOT NULL")
                    .query(Boolean.class).single();
            current = migrated && jdbc.sql("""
                    SELECT coalesce(max(split_part(version, '.', 1)::int), 0) FROM flyway_schema_history WHERE success""")
                    .query(Integer.class).single() >= release;
            return !current;
        } catch (DataAccessException unreadable) {
            return true;    // the database cannot say either: try again later is still the honest answer
        }
    }

    /** The SQL state of the statement's error, wherever Spring wrapped it. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static int newestMigration() {
        try {
            int newest = 0;
            for (Resource migration : new PathMatchingResourcePatternResolver().getResources("classpath*:dev/milk/schema/V*__*.sql")) {
                Matcher version = MIGRATION.matcher(String.valueOf(migration.getFilename()));
                if (version.matches()) {
                    newest = Math.max(newest, Integer.parseInt(version.group(1)));
                }
            }
            return newest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the schema's migrations", e);
        }
    }
}
