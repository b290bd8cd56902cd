package dev.milk.reads.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Listens for the writers' {@code NOTIFY milk_archive_changed} (the archive's public id, sent as
 * a removal, a takedown, a media copy or a change of who may read it commits) and {@code NOTIFY
 * milk_raid_changed} (a raid's public id, sent as its guild's raids stop being public) and drops
 * this replica's kept pages of that archive or raid, so the next request renders it again: every replica answers the change at once, not
 * at its cache's next refresh, and no render begun before the change puts its page back. On its own connection, outside the pool; when the database is
 * gone it reconnects, and the cache's refresh still bounds what a replica may serve meanwhile.
 */
public final class ArchiveChangeListener implements SmartLifecycle {

    /** The writers' channel ({@code dev.milk.writes.archive.ArchiveChanges}). */
    static final String CHANNEL = "milk_archive_changed";
    /** The writers' channel ({@code dev.milk.writes.raid.RaidChanges}). */
    static final String RAID_CHANNEL = "milk_raid_changed";
    private static final Logger log = LoggerFactory.getLogger(ArchiveChangeListener.class);
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    private final HikariDataSource database;
    private final PageCache pages;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread listener;

    public ArchiveChangeListener(HikariDataSource database, PageCache pages) {
        this.database = database;
        this.pages = pages;
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofVirtual().name("milk-archive-changes").start(this::listen);
    }

    private void listen() {
        while (running) {
            try (Connection c = DriverManager.getConnection(database.getJdbcUrl(), database.getUsername(),
                    database.getPassword())) {
                connection = c;
                c.createStatement().execute("LISTEN " + CHANNEL + "; LISTEN " + RAID_CHANNEL);
                PGConnection notifications = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1_000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            pages.forget((RAID_CHANNEL.equals(n.getName()) ? "/raid/" : "/archive/") + n.getParameter());
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
