package dev.milk.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where a test JVM's PostgreSQL database is. */
public record TestDatabase(String url, String username, String password) {

    /** A connection of the test's own, with the database's credentials. */
    public Connection connect() throws SQLException {
        var credentials = new Properties();
        credentials.setProperty("user", username);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return DriverManager.getConnection(url, credentials);
    }
}
