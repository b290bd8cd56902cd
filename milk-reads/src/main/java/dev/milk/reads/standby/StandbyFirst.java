package dev.milk.reads.standby;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.springframework.jdbc.datasource.AbstractDataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.milk.reads.web.ReplicaFreshness;

/**
 * The pages' (or the searches') connections: the standby's pool while {@link StandbyReplay} says
 * the pages should read it, else, or when it gives no connection within its short timeout, the
 * primary's. Fail-over rather than a 503: the primary is there and has every change, and a page
 * read from it is only fresher. A request that takes a standby's connection notes how far behind
 * it was ({@link ReplicaFreshness}), for live pages to say.
 */
public final class StandbyFirst extends AbstractDataSource implements AutoCloseable {

    private final HikariDataSource standby;
    private final HikariDataSource primary;
    private final StandbyReplay replay;

    public StandbyFirst(HikariDataSource standby, HikariDataSource primary, StandbyReplay replay) {
        this.standby = standby;
        this.primary = primary;
        this.replay = replay;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Duration lag = replay.serving();
        if (lag != null) {
            try {
                Connection connection = standby.getConnection();
                ReplicaFreshness.note(lag);
                return connection;
            } catch (SQLException e) {
                // A pool whose every connection is busy is a standby at work, not one gone: this
                // request reads the primary, the next ones try the standby again.
                var pool = standby.getHikariPoolMXBean();
                if (pool == null || pool.getActiveConnections() == 0) {
                    replay.unreachable(e);
                }
            }
        }
        return primary.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the reads' pools have their own credentials");
    }

    @Override
    public void close() {
        standby.close();
        primary.close();
    }
}
