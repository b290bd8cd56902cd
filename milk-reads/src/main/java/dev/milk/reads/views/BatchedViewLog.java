package dev.milk.reads.views;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.access.ArchiveView;
import dev.milk.access.ArchiveViewRepository;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.ViewLog;

/**
 * The viewer log, written off the request's path: a view of a non-public archive waits in a
 * bounded queue and is inserted with the others of its second in one transaction; a view of a
 * public archive only adds one to its archive's count in memory, flushed every few seconds
 * ({@code INSERT ... ON CONFLICT DO UPDATE}), with nothing about who viewed it.
 *
 * <p>What a crash loses: the views of the last second (the log) and of the last few seconds (the
 * counts) not yet flushed; a stop flushes them. A queue full because the database is out of reach
 * for long ({@value #QUEUE} views waiting) drops further views, counted in
 * {@code milk_reads_views_dropped_total}, rather than holding requests or the heap.
 */
public final class BatchedViewLog implements ViewLog, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BatchedViewLog.class);
    static final int QUEUE = 10_000;
    private static final int BATCH = 500;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The counts are flushed every this many intervals. */
    private static final int COUNT_EVERY = 5;

    private final ArchiveViewRepository views;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String replica;
    private final Counter dropped;
    private final BlockingQueue<ArchiveView> pending = new ArrayBlockingQueue<>(QUEUE);
    private final Map<Long, Long> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("milk-view-log").daemon().factory());
    private long ticks;

    /**
     * @param dataSource the application's, writable: in role reads the reads role's access pool,
     *                   whose grants allow these two tables and no other
     * @param replica    this replica's host name, as the log shows it
     */
    public BatchedViewLog(ArchiveViewRepository views, DataSource dataSource, Clock clock, String replica,
            MeterRegistry meters) {
        this.views = views;
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.replica = replica;
        this.dropped = Counter.builder("milk.reads.views.dropped")
                .description("views of non-public archives not logged: the queue was full").register(meters);
    }

    /** Flushes every second from now on, on a thread of its own; until then only {@link #flush()} writes. */
    public BatchedViewLog start() {
        flusher.scheduleWithFixedDelay(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void viewed(long archiveId, Access access, String route) {
        switch (access) {
            case Access.Open open -> counts.merge(archiveId, 1L, Long::sum);
            case Access.Member member -> queue(ArchiveView.byUser(archiveId, clock.instant(), member.reader().userId(),
                    member.reader().name(), route, replica));
            case Access.Shared shared -> queue(ArchiveView.byShare(archiveId, clock.instant(), shared.shareId(), route,
                    replica));
        }
    }

    private void queue(ArchiveView view) {
        if (!pending.offer(view)) {
            dropped.increment();
        }
    }

    private void tick() {
        try {
            flushLog();
            if (++ticks % COUNT_EVERY == 0) {
                flushCounts();
            }
        } catch (RuntimeException e) {
            log.warn("the viewer log could not be written, trying again in {}: {}", INTERVAL, e.toString());
        }
    }

    /** Writes every view waiting now: the log's, then the counts. */
    public void flush() {
        flushLog();
        flushCounts();
    }

    private void flushLog() {
        List<ArchiveView> batch = new ArrayList<>(BATCH);
        while (pending.drainTo(batch, BATCH) > 0) {
            try {
                views.saveAll(batch);
            } catch (RuntimeException e) {
                // Back in line for the next try, as many as fit.
                batch.forEach(this::queue);
                throw e;
            }
            batch.clear();
        }
    }

    private void flushCounts() {
        List<Object[]> rows = new ArrayList<>();
        for (Long archiveId : counts.keySet()) {
            // Removed atomically: a view counted meanwhile starts a new entry, for the next flush.
            Long views = counts.remove(archiveId);
            if (views != null) {
                rows.add(new Object[] {archiveId, views});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate("""
                    INSERT INTO archive_view_count (archive_id, views) VALUES (?, ?)
                    ON CONFLICT (archive_id) DO UPDATE SET views = archive_view_count.views + EXCLUDED.views""", rows);
        } catch (RuntimeException e) {
            rows.forEach(row -> counts.merge((Long) row[0], (Long) row[1], Long::sum));
            throw e;
        }
    }

    /** A stop writes what is waiting. */
    @Override
    public void destroy() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("the last views could not be written at the stop: {}", e.toString());
        }
    }
}
