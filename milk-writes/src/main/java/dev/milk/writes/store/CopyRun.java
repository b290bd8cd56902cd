package dev.milk.writes.store;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** One {@code COPY ... FROM STDIN} on a connection: ended when its rows are written, cancelled if writing them fails. */
final class CopyRun {

    private CopyRun() {
    }

    static void run(Connection connection, String copySql, Body body) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            body.write(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    @FunctionalInterface
    interface Body {
        void write(CopyIn copy) throws SQLException;
    }
}
