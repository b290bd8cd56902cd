package dev.milk.reads.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Streams a large result row by row (a transcript of 100,000 messages, a raid of 1,000,000
 * accounts) instead of loading it: PostgreSQL honours a fetch size only inside a transaction.
 */
public final class RowStream {

    private static final int FETCH_SIZE = 1_000;

    /** Writes one row to the response. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T row) throws IOException;
    }

    /** Writes a whole text response. */
    @FunctionalInterface
    public interface TextWriter {
        void write(Writer out) throws IOException;
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    public RowStream(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
    }

    public <T> void each(Function<JdbcClient, JdbcClient.StatementSpec> query, RowMapper<T> rows, RowWriter<T> writer) {
        readOnly.executeWithoutResult(status -> {
            try (var stream = query.apply(jdbc).withFetchSize(FETCH_SIZE).query(rows).stream()) {
                stream.forEach(row -> {
                    try {
                        writer.write(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        });
    }

    /** A UTF-8 text body written as it is produced, through one buffer. */
    public static StreamingResponseBody text(TextWriter body) {
        return out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(writer);
            writer.flush();
        };
    }
}
