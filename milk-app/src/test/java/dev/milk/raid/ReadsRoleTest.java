package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;
import dev.milk.testing.TestPostgres;

/**
 * The role the migrations create for milk-reads can read everything and change nothing but its own
 * few tables, each only as granted (logins, the viewer log), proven on the server.
 */
class ReadsRoleTest extends MilkEndToEndTest {

    @Test
    void theReadsRoleCanSelectButNotInsert() throws SQLException {
        String url = TestPostgres.database().url().replaceFirst("\\?.*$", "");
        var credentials = new Properties();
        credentials.setProperty("user", "milk_reads");
        credentials.setProperty("password", "reads-secret");
        publish(newRaidId(), accounts(600_000_000_000_000_000L, 1, 1_763_899_000_000L, 1));
        try (Connection reads = DriverManager.getConnection(url, credentials)) {
            var count = reads.createStatement().executeQuery("SELECT count(*) FROM raid_user");
            count.next();
            assertThat(count.getLong(1)).isPositive();
            assertThatThrownBy(() -> reads.createStatement().executeUpdate("""
                    INSERT INTO raid (internal_id, public_id, guild_id, started_at)
                    VALUES ('forged', 'forgedforged', 1, now())"""))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> reads.createStatement().executeUpdate("DELETE FROM raid_user"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            // Every table, every way of changing it, and the schema itself.
            var tables = reads.createStatement().executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
            java.util.List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).contains("raid", "raid_user", "archive", "archive_message", "archive_mention",
                    "archive_message_version", "archive_redaction", "flyway_schema_history");
            // Tables of later migrations are readable too (the default privileges, not a grant per table).
            for (String later : java.util.List.of("archive_mention", "archive_message_version", "archive_redaction")) {
                assertThat(reads.createStatement().executeQuery("SELECT count(*) FROM " + later).next()).isTrue();
            }
            for (String table : names) {
                java.util.List<String> changes = new java.util.ArrayList<>(java.util.List.of("TRUNCATE " + table,
                        "ALTER TABLE " + table + " ADD COLUMN forged int", "DROP TABLE " + table));
                if (!OWN_TABLES_UPDATED.contains(table)) {
                    changes.add("UPDATE " + table + " SET " + firstColumn(reads, table) + " = " + firstColumn(reads, table));
                }
                if (!OWN_TABLES_DELETED.contains(table)) {
                    changes.add("DELETE FROM " + table);
                }
                for (String change : changes) {
                    assertThatThrownBy(() -> reads.createStatement().executeUpdate(change)).as(change)
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isIn("42501", "42809"));
                }
            }
            for (String change : java.util.List.of("CREATE TABLE forged (id int)", "CREATE FUNCTION forged() RETURNS int "
                    + "LANGUAGE sql AS 'SELECT 1'", "CREATE ROLE forged", "SET ROLE postgres")) {
                assertThatThrownBy(() -> reads.createStatement().execute(change)).as(change)
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void theReadsRoleWritesItsOwnTablesOnlyAsGranted() throws SQLException {
        String url = TestPostgres.database().url().replaceFirst("\\?.*$", "");
        var credentials = new Properties();
        credentials.setProperty("user", "milk_reads");
        credentials.setProperty("password", "reads-secret");
        try (Connection reads = DriverManager.getConnection(url, credentials)) {
            reads.setAutoCommit(false);
            assertThat(reads.createStatement().executeUpdate("INSERT INTO archive_view (archive_id, viewed_at, viewer_id, "
                    + "viewer_name, route, replica) VALUES (1, now(), 2, 'reader', 'page', 'test')")).isEqualTo(1);
            assertThat(reads.createStatement().executeUpdate("INSERT INTO archive_view_count (archive_id, views) "
                    + "VALUES (1, 1) ON CONFLICT (archive_id) DO UPDATE SET views = archive_view_count.views + 1")).isEqualTo(1);
            // The viewer log is append-only for the readers: its purge is the writers'.
            assertThatThrownBy(() -> reads.createStatement().executeUpdate("DELETE FROM archive_view"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            reads.rollback();
        }
    }

    /** The tables the reads role may change, by the change: spring_session* are Spring Session's. */
    private static final java.util.Set<String> OWN_TABLES_UPDATED = java.util.Set.of("spring_session",
            "spring_session_attributes", "archive_view_count");
    private static final java.util.Set<String> OWN_TABLES_DELETED = java.util.Set.of("spring_session",
            "spring_session_attributes");

    private static String firstColumn(Connection connection, String table) throws SQLException {
        var column = connection.createStatement().executeQuery("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = '" + table + "' AND is_identity = 'NO' "
                + "ORDER BY ordinal_position LIMIT 1");
        column.next();
        return column.getString(1);
    }
}
