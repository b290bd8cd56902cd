package dev.milk.testing;

/** Where a test JVM's PostgreSQL database is. */
public record TestDatabase(String url, String username, String password) {
}
