package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** What the benchmarks ask the database directly: counts and public ids. */
final class BenchDb {

    private BenchDb() {
    }

    static long countOf(String jdbcUrl, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl); var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The accounts stored for a raid, checked against the raid's own count. */
    static long accountsStored(String jdbcUrl, String raidId) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var query = db.prepareStatement("""
                        SELECT r.user_count, (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id)
                        FROM raid r WHERE r.internal_id = ?""")) {
            query.setString(1, raidId);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as(raidId + " stored").isTrue();
                assertThat(rows.getLong(1)).as(raidId + " user_count against rows").isEqualTo(rows.getLong(2));
                return rows.getLong(2);
            }
        }
    }

    static String publicId(String jdbcUrl, String table, String internalId) throws SQLException {
        String id = publicIdOrNull(jdbcUrl, table, internalId);
        assertThat(id).as(table + " " + internalId).isNotNull();
        return id;
    }

    static String publicIdOrNull(String jdbcUrl, String table, String internalId) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
                var query = db.prepareStatement("SELECT public_id FROM " + table + " WHERE internal_id = ?")) {
            query.setString(1, internalId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
