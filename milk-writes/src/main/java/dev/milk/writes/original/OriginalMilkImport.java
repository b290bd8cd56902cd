package dev.milk.writes.original;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.milk.publicid.PublicIds;
import dev.milk.settings.PostgresUrl;
import dev.milk.writes.raid.IncomingAccounts;

/**
 * Copies the original Milk's raids and accounts into Milk's tables, keeping every raid's public
 * id. Rows stream from one server's {@code COPY ... TO STDOUT} into the other's {@code COPY ...
 * FROM STDIN}, so memory stays flat whatever the size (50,000,000 accounts are never held), in
 * transactions of {@value #CHUNK} accounts, read from one snapshot of the source. Idempotent: a
 * raid already here (same internal and public id) and an account already stored are skipped, so a
 * second run, or a run after an interrupted one, adds only what is missing.
 */
final class OriginalMilkImport {

    private static final Logger log = LoggerFactory.getLogger(OriginalMilkImport.class);
    private static final int CHUNK = 100_000;
    private static final long PROGRESS_EVERY = 1_000_000;

    private final PostgresUrl source;
    private final DataSource milk;

    OriginalMilkImport(PostgresUrl source, DataSource milk) {
        this.source = source;
        this.milk = milk;
    }

    ImportReport run() {
        long started = System.nanoTime();
        try (Connection original = connect()) {
            OriginalSchema schema = OriginalSchema.detect(original).orElseThrow(() -> new ImportFailedException(
                    source.display() + " holds neither of the original Milk's schemas (tables \"Raid\" and \"RaidUser\" "
                            + "with id and public_id, or with internal_id and external_id)"));
            log.info("Importing the original Milk's database {} ({})", source.display(), schema.description());
            snapshot(original);
            try (Connection target = milk.getConnection()) {
                target.setAutoCommit(false);
                var jdbc = new JdbcTemplate(new SingleConnectionDataSource(target, true));
                Raids raids = raids(schema, original, target, jdbc);
                target.commit();
                Accounts accounts = accounts(schema, original, target, jdbc);
                jdbc.execute("ANALYZE raid, raid_user");
                target.commit();
                return new ImportReport(source.display(), schema, raids.read(), raids.imported(), raids.refused(),
                        raids.examples(), accounts.read(), accounts.imported(), accounts.orphaned(),
                        Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (SQLException e) {
            throw new ImportFailedException("copying from " + source.display() + " failed: " + firstLine(e));
        }
    }

    private Connection connect() {
        var credentials = new Properties();
        if (source.username() != null) {
            credentials.setProperty("user", source.username());
        }
        if (source.password() != null) {
            credentials.setProperty("password", source.password());
        }
        credentials.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(source.url(), credentials);
        } catch (SQLException e) {
            throw new ImportFailedException("cannot connect to the original Milk's database " + source.display() + ": "
                    + firstLine(e));
        }
    }

    /** Raids and accounts from one consistent view, with times printed the way the target reads them. */
    private static void snapshot(Connection original) throws SQLException {
        original.setAutoCommit(false);
        original.setReadOnly(true);
        original.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = original.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
            statement.execute("SET DateStyle = ISO");
        }
    }

    private record Raids(long read, long imported, long refused, List<String> examples) {
    }

    private static Raids raids(OriginalSchema schema, Connection original, Connection target, JdbcTemplate jdbc)
            throws SQLException {
        jdbc.execute("""
                CREATE TEMP TABLE import_raid (
                    internal_id text, public_id text, guild_id bigint, created_at timestamptz, concluded_at timestamptz
                ) ON COMMIT DROP""");
        CopyOut out = copyApi(original).copyOut("COPY (" + schema.raids() + ") TO STDOUT");
        long read = pipe(out, target, "COPY import_raid (internal_id, public_id, guild_id, created_at, concluded_at) FROM STDIN", Long.MAX_VALUE).rows();
        // The original has no start time; its creation stands in until the first account's join moves it back.
        int imported = jdbc.update("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at, concluded_at)
                SELECT internal_id, public_id, guild_id, coalesce(created_at, concluded_at, now()), concluded_at
                FROM import_raid WHERE public_id ~ ?
                ON CONFLICT DO NOTHING""", "^" + PublicIds.LINK_ID + "$");
        String notHere = """
                FROM import_raid i
                WHERE NOT EXISTS (SELECT FROM raid r WHERE r.internal_id = i.internal_id AND r.public_id = i.public_id)""";
        Long refused = jdbc.queryForObject("SELECT count(*) " + notHere, Long.class);
        List<String> examples = jdbc.queryForList("SELECT quote_literal(i.public_id) " + notHere
                + " ORDER BY i.public_id LIMIT 5", String.class);
        return new Raids(read, imported, refused == null ? 0 : refused, examples);
    }

    private record Accounts(long read, long imported, long orphaned) {
    }

    private static Accounts accounts(OriginalSchema schema, Connection original, Connection target, JdbcTemplate jdbc)
            throws SQLException {
        jdbc.execute("""
                CREATE TEMP TABLE import_raid_user (
                    raid text, user_id bigint, name text, avatar_hash text, created_at timestamptz, joined_at timestamptz
                ) ON COMMIT DELETE ROWS""");
        IncomingAccounts.prepare(jdbc);
        CopyOut out = copyApi(original).copyOut("COPY (" + schema.accounts() + ") TO STDOUT");
        long read = 0;
        long imported = 0;
        long orphaned = 0;
        try {
            Piped chunk;
            do {
                chunk = pipe(out, target, "COPY import_raid_user (raid, user_id, name, avatar_hash, created_at, joined_at) FROM STDIN", CHUNK);
                int joined = jdbc.update("""
                        INSERT INTO %s %s SELECT r.id, i.user_id, i.name, i.avatar_hash, i.created_at, i.joined_at
                        FROM import_raid_user i JOIN raid r ON r.internal_id = i.raid""".formatted(IncomingAccounts.TABLE,
                        IncomingAccounts.COLUMNS));
                imported += IncomingAccounts.store(jdbc);
                target.commit();
                orphaned += chunk.rows() - joined;
                if ((read + chunk.rows()) / PROGRESS_EVERY > read / PROGRESS_EVERY) {
                    log.info("{} accounts copied", String.format("%,d", read + chunk.rows()));
                }
                read += chunk.rows();
            } while (!chunk.finished());
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
        return new Accounts(read, imported, orphaned);
    }

    /** @param finished whether the source has no rows left */
    private record Piped(long rows, boolean finished) {
    }

    /** Moves up to {@code limit} rows from the source's COPY into a new COPY on the target. */
    private static Piped pipe(CopyOut out, Connection target, String copyIn, long limit) throws SQLException {
        CopyIn in = copyApi(target).copyIn(copyIn);
        long rows = 0;
        try {
            byte[] row = null;
            while (rows < limit && (row = out.readFromCopy()) != null) {
                in.writeToCopy(row, 0, row.length);
                rows++;
            }
            in.endCopy();
            return new Piped(rows, row == null);
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static org.postgresql.copy.CopyManager copyApi(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
