package dev.milk.writes.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a {@code COPY ... FROM STDIN (FORMAT csv)}: the fastest way into PostgreSQL
 * (a million rows is one statement, not a million). Rows are written by Commons CSV in its
 * PostgreSQL format: every value quoted, so commas, quotes and newlines in user content are data;
 * a missing value is unquoted and so NULL.
 */
public final class CsvCopy {

    private static final int CHUNK_CHARS = 1 << 19;

    private final CopyIn copy;
    private final StringBuilder csv = new StringBuilder(CHUNK_CHARS + 8192);
    private final CSVPrinter printer;

    private CsvCopy(CopyIn copy) {
        this.copy = copy;
        try {
            this.printer = new CSVPrinter(csv, CSVFormat.POSTGRESQL_CSV);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code rows} inside one COPY on {@code connection}, cancelling the COPY if they fail. */
    public static void into(Connection connection, String copySql, Rows rows) throws SQLException {
        CopyRun.run(connection, copySql + " FROM STDIN (FORMAT csv)", copy -> {
            CsvCopy writer = new CsvCopy(copy);
            rows.write(writer);
            writer.flush();
        });
    }

    @FunctionalInterface
    public interface Rows {
        void write(CsvCopy copy) throws SQLException;
    }

    public CsvCopy value(long value) {
        return print(value);
    }

    public CsvCopy value(boolean value) {
        return print(value);
    }

    /** A time; null is NULL. */
    public CsvCopy value(Instant value) {
        return print(value);
    }

    /** A number; null is NULL. */
    public CsvCopy value(Long value) {
        return print(value);
    }

    /** Text (or JSON for a jsonb column); null is NULL, "" is an empty string. */
    public CsvCopy value(String value) {
        return print(value);
    }

    public void endRow() throws SQLException {
        try {
            printer.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (csv.length() >= CHUNK_CHARS) {
            flush();
        }
    }

    private CsvCopy print(Object value) {
        try {
            printer.print(value);
        } catch (IOException e) {
            // A StringBuilder never throws: this cannot happen.
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void flush() throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }
}
