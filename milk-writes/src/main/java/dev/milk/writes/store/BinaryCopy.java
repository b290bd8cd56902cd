package dev.milk.writes.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;

import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a {@code COPY ... FROM STDIN (FORMAT binary)}: numbers and times travel as
 * PostgreSQL holds them, so neither Milk nor PostgreSQL formats or parses text for them (text
 * dates and numbers were a sixth of the raid writer's time in CSV). The caller writes the values
 * of each row in the columns' order and with their types: {@code bigint}, {@code text} and
 * {@code timestamptz} here, which is all {@code raid_user} holds. A null is NULL.
 */
public final class BinaryCopy {

    /** The format's signature, then no flags and no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** PostgreSQL counts time in microseconds from 2000-01-01 UTC. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int CHUNK_BYTES = 1 << 19;

    private final CopyIn copy;
    private final short columns;
    private byte[] buffer = new byte[CHUNK_BYTES + 8192];
    private int length;

    private BinaryCopy(CopyIn copy, int columns) {
        this.copy = copy;
        this.columns = (short) columns;
        put(HEADER);
    }

    /** Runs {@code rows}, each of {@code columns} values, inside one COPY, cancelling it if they fail. */
    public static void into(Connection connection, String copySql, int columns, Rows rows) throws SQLException {
        CopyRun.run(connection, copySql + " FROM STDIN (FORMAT binary)", copy -> {
            BinaryCopy writer = new BinaryCopy(copy, columns);
            rows.write(writer);
            writer.putShort(-1);
            writer.flush();
        });
    }

    @FunctionalInterface
    public interface Rows {
        void write(BinaryCopy copy) throws SQLException;
    }

    /** Starts a row; its values follow. */
    public BinaryCopy row() throws SQLException {
        if (length >= CHUNK_BYTES) {
            flush();
        }
        putShort(columns);
        return this;
    }

    /** A {@code bigint}. */
    public BinaryCopy value(long value) {
        putInt(Long.BYTES);
        putLong(value);
        return this;
    }

    /** A {@code text}; "" is an empty string. */
    public BinaryCopy value(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        put(utf8);
        return this;
    }

    /** A {@code timestamptz}, to the microsecond. */
    public BinaryCopy value(Instant value) {
        if (value == null) {
            return nullValue();
        }
        putInt(Long.BYTES);
        putLong((value.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + value.getNano() / 1_000);
        return this;
    }

    private BinaryCopy nullValue() {
        putInt(-1);
        return this;
    }

    private void putShort(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void flush() throws SQLException {
        copy.writeToCopy(buffer, 0, length);
        length = 0;
    }
}
