package dev.milk.reads.web;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens for the writers' {@code NOTIFY milk_archive_changed} (the archive's public id, sent as
 * a removal, a takedown, a media copy or a change of who may read it commits) and {@code NOTIFY
 * milk_raid_changed} (a raid's public id, sent as its guild's raids stop being public) and drops
 * this replica's kept pages of that archive or raid, so the next request renders it again: every replica answers the change at once, not
 * at its cache's next refresh, and no render begun before the change puts its page back. On its own connection, outside the pool; when the database is
 * gone it reconnects, and the cache's refresh still bounds what a replica may serve meanwhile.
 *
 * <p>Always on the primary: a standby delivers no notification. When the pages read a standby,
 * the next render may still read the archive from before the change, so each change is also
 * handed to the {@link DelayedForget} with the primary's flushed WAL position, read after the
 * notification arrived (so after the change's commit was flushed, as {@code synchronous_commit}
 * does by default): the pages are dropped again once the standby has replayed that far.
 */
public final class ArchiveChangeListener implements SmartLifecycle {

    /** The writers' channel ({@code dev.milk.writes.archive.ArchiveChanges}). */
    static final String CHANNEL = "milk_archive_changed";
    /** The writers' channel ({@code dev.milk.writes.raid.RaidChanges}). */
    static final String RAID_CHANNEL = "milk_raid_changed";
    private static final Logger log = LoggerFactory.getLogger(ArchiveChangeListener.class);
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    private final DataSource primary;
    private final PageCache pages;
    private final DelayedForget standby;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread listener;

    /**
     * @param primary the primary, each connection a new one (not a pool's: this one is held open)
     * @param standby what drops the pages again once a standby has replayed a change; null when the pages read the primary
     */
    public ArchiveChangeListener(DataSource primary, PageCache pages, DelayedForget standby) {
        this.primary = primary;
        this.pages = pages;
        this.standby = standby;
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofVirtual().name("milk-archive-changes").start(this::listen);
    }

    private void listen() {
        while (running) {
            try (Connection c = primary.getConnection()) {
                connection = c;
                c.createStatement().execute("LISTEN " + CHANNEL + "; LISTEN " + RAID_CHANNEL);
                PGConnection notifications = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1_000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            pages.forget(path(n));
                        }
                        if (standby != null) {
                            long flushed = flushedPosition(c);
                            for (PGNotification n : received) {
                                standby.forgetOnceReplayed(path(n), flushed);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("not listening for archive changes ({}); kept pages refresh on their own meanwhile",
                            e.getMessage());
                    pause();
                }
            }
        }
    }

    private static String path(PGNotification n) {
        return (RAID_CHANNEL.equals(n.getName()) ? "/raid/" : "/archive/") + n.getParameter();
    }

    /** The primary's WAL flushed so far, in bytes: past every change whose notification has arrived. */
    private static long flushedPosition(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet position = statement.executeQuery("SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint")) {
            position.next();
            return position.getLong(1);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing to end the wait: nothing left to do
            }
        }
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
