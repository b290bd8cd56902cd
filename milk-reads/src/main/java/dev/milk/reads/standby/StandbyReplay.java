package dev.milk.reads.standby;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Watches the standby the pages read, once a second on connections of its own (never per request):
 * how far it is behind the primary ({@code milk.reads.standby.lag}, and in bytes {@code
 * milk.reads.standby.behind}), whether the pages should read it ({@link #serving}), and the
 * actions that wait for it to replay a position of the primary's WAL ({@link #onceReplayed}),
 * polled every few milliseconds while any waits.
 *
 * <p>The lag is how long ago this replica first saw the primary flush WAL the standby has not
 * replayed yet: no clock of either server is compared with this one's, and an idle primary is not
 * mistaken for a late standby (PostgreSQL's {@code now() - pg_last_xact_replay_timestamp()} grows
 * while nothing is written). It reads a second late at most.
 */
public final class StandbyReplay implements SmartLifecycle {

    /** Why the pages read the standby or not. */
    enum Status {
        /** Not sampled yet: the primary. */
        STARTING,
        READ,
        DOWN,
        LAGGING,
        NOT_IN_RECOVERY
    }

    private record State(Status status, Duration lag, long bytesBehind, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(StandbyReplay.class);
    private static final Duration SAMPLE = Duration.ofSeconds(1);
    /** While a change waits for the standby: how late its pages are dropped after the replay. */
    private static final Duration WAITING_POLL = Duration.ofMillis(20);
    /** Positions remembered while the standby is behind; past it they are thinned, never the oldest. */
    private static final int POSITIONS = 1_000;

    private final DataSource primary;
    private final DataSource standby;
    private final String where;
    private final Duration maxLag;
    /** The primary's flushed positions the standby had not replayed, each with when it was first seen (nanoTime). */
    private final ArrayDeque<long[]> unreplayed = new ArrayDeque<>();
    private final TreeMap<Long, List<Runnable>> waiting = new TreeMap<>();
    private volatile State state = new State(Status.STARTING, Duration.ZERO, 0, "not sampled yet");
    private volatile boolean running;
    private volatile Thread watcher;
    private Connection onPrimary;
    private Connection onStandby;
    private long primaryPosition;
    /** The last position the standby was seen to have replayed. */
    private long replayedPosition;

    /**
     * @param primary a new connection to the primary each time (held open here)
     * @param standby likewise, to the standby
     * @param where   the standby's address without credentials, for the logs
     */
    public StandbyReplay(DataSource primary, DataSource standby, String where, Duration maxLag, MeterRegistry meters) {
        this.primary = primary;
        this.standby = standby;
        this.where = where;
        this.maxLag = maxLag;
        Gauge.builder("milk.reads.standby.lag", this, r -> r.state.lag().toNanos() / 1e9).baseUnit("seconds")
                .description("How long ago the primary flushed the oldest change the standby has not replayed")
                .register(meters);
        Gauge.builder("milk.reads.standby.behind", this, r -> r.state.bytesBehind()).baseUnit("bytes")
                .description("WAL the primary has flushed and the standby not replayed").register(meters);
        Gauge.builder("milk.reads.standby.read", this, r -> r.state.status() == Status.READ ? 1 : 0)
                .description("1 while the pages read the standby, 0 while they read the primary").register(meters);
    }

    /** The standby's lag while the pages should read it; null while they should read the primary. */
    public Duration serving() {
        State now = state;
        return now.status() == Status.READ ? now.lag() : null;
    }

    public Duration lag() {
        return state.lag();
    }

    public Duration maxLag() {
        return maxLag;
    }

    /** What the pages read now, and why, in words. */
    public String reading() {
        State now = state;
        return now.status() == Status.READ ? "the standby" : "the primary: " + now.reason();
    }

    /**
     * A connection of the standby could not be had: the pages read the primary from now on, until
     * the next sample finds the standby answering.
     */
    public void unreachable(SQLException failure) {
        State now = state;
        if (now.status() == Status.READ) {
            change(new State(Status.DOWN, now.lag(), now.bytesBehind(),
                    "its pool gave no connection (" + failure.getMessage() + ")"));
        }
    }

    /** Runs {@code action} on the watcher's thread once the standby has replayed the primary's WAL up to {@code position}. */
    public void onceReplayed(long position, Runnable action) {
        synchronized (waiting) {
            waiting.computeIfAbsent(position, p -> new ArrayList<>()).add(action);
        }
        Thread thread = watcher;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void start() {
        running = true;
        // The first sample before the replica is ready, so its one line says what the pages read from the start.
        sample();
        watcher = Thread.ofVirtual().name("milk-standby-replay").start(this::watch);
    }

    private void watch() {
        while (running) {
            boolean changesWait;
            synchronized (waiting) {
                changesWait = !waiting.isEmpty();
            }
            // Polled fast only while it replays: a standby that is down is not asked 50 times a second.
            Status status = state.status();
            boolean replaying = status == Status.READ || status == Status.LAGGING;
            LockSupport.parkNanos((changesWait && replaying ? WAITING_POLL : SAMPLE).toNanos());
            if (running) {
                sample();
            }
        }
        onPrimary = close(onPrimary);
        onStandby = close(onStandby);
    }

    private void sample() {
        long now = System.nanoTime();
        try {
            onPrimary = open(onPrimary, primary);
            long flushed = position(onPrimary, "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint");
            if (flushed > primaryPosition) {
                primaryPosition = flushed;
                if (unreplayed.size() < POSITIONS) {
                    unreplayed.addLast(new long[] {flushed, now});
                } else {
                    // Full: the newest entry reaches further and keeps its older time, so the lag may
                    // read high, never low (a standby days behind holds no more).
                    unreplayed.peekLast()[0] = flushed;
                }
            }
        } catch (SQLException e) {
            // The lag still grows from what was seen; the primary's own outage is the db check's to report.
            onPrimary = close(onPrimary);
        }
        State next;
        try {
            onStandby = open(onStandby, standby);
            long replayed = position(onStandby,
                    "SELECT CASE WHEN pg_is_in_recovery() THEN (pg_last_wal_replay_lsn() - '0/0')::bigint ELSE -1 END");
            if (replayed < 0) {
                next = new State(Status.NOT_IN_RECOVERY, Duration.ZERO, 0, "it is not in recovery, so not a standby");
                // Never read while so, and a standby made again replays a new history: nothing to wait for.
                synchronized (waiting) {
                    waiting.clear();
                }
            } else {
                replayedPosition = replayed;
                while (!unreplayed.isEmpty() && unreplayed.peekFirst()[0] <= replayed) {
                    unreplayed.pollFirst();
                }
                Duration lag = lag(now);
                long behind = Math.max(0, primaryPosition - replayed);
                next = lag.compareTo(maxLag) > 0
                        ? new State(Status.LAGGING, lag, behind, "it is " + seconds(lag)
                                + " s behind, past MILK_READS_STANDBY_MAX_LAG (" + seconds(maxLag) + " s)")
                        : new State(Status.READ, lag, behind, "in recovery, " + seconds(lag) + " s behind");
                runReplayed(replayed);
            }
        } catch (SQLException e) {
            onStandby = close(onStandby);
            // What the primary flushes meanwhile is not replayed: the lag goes on growing, as it will read once back.
            long behind = replayedPosition == 0 ? 0 : Math.max(0, primaryPosition - replayedPosition);
            next = new State(Status.DOWN, lag(now), behind,
                    "it cannot be reached (" + e.getMessage() + ")");
        }
        change(next);
    }

    /** Synchronized: requests failing over and the watcher may both report one change; it is logged once. */
    private synchronized void change(State next) {
        State previous = state;
        state = next;
        if (previous.status() == next.status()) {
            return;
        }
        if (next.status() == Status.READ) {
            log.info("Pages and searches read the standby {} ({})", where, next.reason());
            return;
        }
        log.warn("Pages and searches read the primary, not the standby {}: {}", where, next.reason());
        if (previous.status() == Status.READ) {
            // A page kept from the standby before it replayed a change need not wait for it: it is
            // rendered again from the primary now. The actions still wait, for the standby's return.
            List<Runnable> now = new ArrayList<>();
            synchronized (waiting) {
                waiting.values().forEach(now::addAll);
            }
            now.forEach(Runnable::run);
        }
    }

    private void runReplayed(long replayed) {
        List<Runnable> due = new ArrayList<>();
        synchronized (waiting) {
            var done = waiting.headMap(replayed, true);
            done.values().forEach(due::addAll);
            done.clear();
        }
        for (Runnable action : due) {
            action.run();
        }
    }

    private Duration lag(long now) {
        return unreplayed.isEmpty() ? Duration.ZERO : Duration.ofNanos(now - unreplayed.peekFirst()[1]);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static Connection open(Connection held, DataSource source) throws SQLException {
        return held != null ? held : source.getConnection();
    }

    private static long position(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Connection close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing to give back
            }
        }
        return null;
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = watcher;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
