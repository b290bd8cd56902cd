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

/** The role the migrations create for milk-reads can read everything and change nothing. */
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
        }
    }
}
