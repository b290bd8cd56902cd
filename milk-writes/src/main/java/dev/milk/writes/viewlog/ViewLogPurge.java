package dev.milk.writes.viewlog;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

import dev.milk.access.ArchiveViewRepository;

/**
 * Deletes the views older than {@code MILK_VIEW_LOG_RETENTION}. The writers run it, as the reads
 * role may add to the log but never delete from it; every writes replica may run it at once (a
 * delete by time is the same whoever runs it).
 */
public final class ViewLogPurge {

    private static final Logger log = LoggerFactory.getLogger(ViewLogPurge.class);

    private final ArchiveViewRepository views;
    private final Duration retention;
    private final Clock clock;
    private final Counter purged;

    public ViewLogPurge(ArchiveViewRepository views, Duration retention, Clock clock, Counter purged) {
        this.views = views;
        this.retention = retention;
        this.clock = clock;
        this.purged = purged;
    }

    /** @return how many views this call deleted */
    public int purge() {
        int n = views.deleteViewedBefore(clock.instant().minus(retention));
        if (n > 0) {
            purged.increment(n);
            log.info("purged {} views older than the viewer log's retention", n);
        }
        return n;
    }
}
