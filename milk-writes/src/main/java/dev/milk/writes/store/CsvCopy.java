package dev.milk.writes.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a {@code COPY ... FROM STDIN (FORMAT csv)}: the fastest way into PostgreSQL
 * (a million rows is one statement, not a million). Text is quoted, so commas, quotes and
 * newlines in user content are data; a missing value is NULL.
 */
public final class CsvCopy {

    private static final int CHUNK_CHARS = 1 << 19;

    private final CopyIn copy;
    private final StringBuilder csv = new StringBuilder(CHUNK_CHARS + 8192);
    private boolean rowStarted;

    private CsvCopy(CopyIn copy) {
        this.copy = copy;
    }

    /** Runs {@code rows} inside one COPY on {@code connection}, cancelling the COPY if they fail. */
    public static void into(Connection connection, String copySql, Rows rows) throws SQLException {
        CsvCopy writer = new CsvCopy(connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(copySql + " FROM STDIN (FORMAT csv)"));
        try {
            rows.write(writer);
            writer.flush();
            writer.copy.endCopy();
        } finally {
            if (writer.copy.isActive()) {
                writer.copy.cancelCopy();
            }
        }
    }

    @FunctionalInterface
    public interface Rows {
        void write(CsvCopy copy) throws SQLException;
    }

    public CsvCopy value(long value) {
        separate();
        csv.append(value);
        return this;
    }

    public CsvCopy value(boolean value) {
        separate();
        csv.append(value);
        return this;
    }

    public CsvCopy value(Instant value) {
        separate();
        if (value != null) {
            csv.append(value);
        }
        return this;
    }

    public CsvCopy value(Long value) {
        separate();
        if (value != null) {
            csv.append(value.longValue());
        }
        return this;
    }

    /** Text (or JSON for a jsonb column); null is NULL, "" is an empty string. */
    public CsvCopy value(String value) {
        separate();
        if (value != null) {
            csv.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    csv.append('"');
                }
                csv.append(c);
            }
            csv.append('"');
        }
        return this;
    }

    public void endRow() throws SQLException {
        csv.append('\n');
        rowStarted = false;
        if (csv.length() >= CHUNK_CHARS) {
            flush();
        }
    }

    private void separate() {
        if (rowStarted) {
            csv.append(',');
        }
        rowStarted = true;
    }

    private void flush() throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }
}
