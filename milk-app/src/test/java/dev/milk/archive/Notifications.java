package dev.milk.archive;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.milk.testing.Waits;

/** A connection that LISTENs, as a reads replica does: what the writers NOTIFY, channel and payload. */
final class Notifications implements AutoCloseable {

    record Received(String channel, String payload) {
    }

    private final Connection connection;
    private final List<Received> received = new ArrayList<>();

    Notifications(DataSource database, String... channels) throws SQLException {
        connection = database.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String channel : channels) {
                statement.execute("LISTEN " + channel);
            }
        }
    }

    /** Waits until {@code payload} was announced on {@code channel}. */
    void await(String channel, String payload) {
        Received wanted = new Received(channel, payload);
        Waits.upTo(Duration.ofSeconds(30)).alias("NOTIFY " + channel + " '" + payload + "'").until(() -> {
            PGNotification[] arrived = connection.unwrap(PGConnection.class).getNotifications(100);
            if (arrived != null) {
                for (PGNotification n : arrived) {
                    received.add(new Received(n.getName(), n.getParameter()));
                }
            }
            return received.contains(wanted);
        });
    }

    /** Everything announced so far, without waiting. */
    List<Received> received() throws SQLException {
        PGNotification[] arrived = connection.unwrap(PGConnection.class).getNotifications(1);
        if (arrived != null) {
            for (PGNotification n : arrived) {
                received.add(new Received(n.getName(), n.getParameter()));
            }
        }
        return List.copyOf(received);
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } finally {
            connection.close();
        }
    }
}
