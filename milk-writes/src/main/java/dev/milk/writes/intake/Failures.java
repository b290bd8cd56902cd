package dev.milk.writes.intake;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a store failure will pass by itself (a server unreachable, restarting or overloaded, a
 * deadlock) or is the record's own, which no retry of the same statement changes.
 */
final class Failures {

    /**
     * SQLSTATE classes and codes of failures that pass: connection exceptions (08), insufficient
     * resources (53), operator intervention such as a shutdown (57), serialization failures and
     * deadlocks (40001, 40P01), a lock not available (55P03).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03");

    private Failures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || t instanceof SocketException
                    || t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (TRANSIENT_STATES.contains(sql.getSQLState())
                    || sql.getSQLState().length() >= 2 && TRANSIENT_CLASSES.contains(sql.getSQLState().substring(0, 2)))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The innermost message, on one line: what the dead letter's reason says. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse(message);
    }
}
