package dev.milk.reads.web;

import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a large result row by row (a transcript of 100,000 messages, a raid of 1,000,000
 * accounts) instead of loading it: PostgreSQL honours a fetch size only inside a transaction.
 */
public final class RowStream {

    private static final int FETCH_SIZE = 1_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    public RowStream(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
    }

    public <T> void each(Function<JdbcClient, JdbcClient.StatementSpec> query, RowMapper<T> rows, Consumer<T> consumer) {
        readOnly.executeWithoutResult(status -> {
            try (var stream = query.apply(jdbc).withFetchSize(FETCH_SIZE).query(rows).stream()) {
                stream.forEach(consumer);
            }
        });
    }
}
