package dev.milk.writes.intake;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a store failure will pass by itself (a server unreachable, restarting or overloaded, a
 * deadlock) or is the record's own, which no retry of the same statement changes.
 */
final class Failures {

    /**
     * Spring's own translation of PostgreSQL's states, the one {@code JdbcTemplate} applies: a
     * serialization failure (40001), a deadlock (40P01) and a lock not available (55P03) become
     * {@link TransientDataAccessException}s. Named here, not asked of the {@code DataSource}: the
     * translation must work while the server is unreachable, which is when it matters most.
     */
    private static final SQLExceptionTranslator POSTGRESQL = new SQLErrorCodeSQLExceptionTranslator("PostgreSQL");

    /**
     * SQLSTATE classes of a server that is unreachable (08), out of resources (53) or shutting down
     * (57). Spring translates them to {@code DataAccessResourceFailureException}, a non-transient
     * exception it also gives class 54 (a statement over a program limit, which a record makes and
     * a retry repeats forever) and 58; so these three classes are Milk's to name.
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57");

    private Failures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (passes(t) || t instanceof SQLException sql && (passes(POSTGRESQL.translate("store", null, sql))
                    || unavailable(sql))) {
                return true;
            }
        }
        return false;
    }

    private static boolean passes(Throwable failure) {
        return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof CannotGetJdbcConnectionException || failure instanceof CannotCreateTransactionException
                || failure instanceof ConnectException || failure instanceof SocketException
                || failure instanceof RetriableException || failure instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    private static boolean unavailable(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && state.length() >= 2 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2));
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
