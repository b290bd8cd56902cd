package dev.milk.reads.web;

/**
 * A copy of the database the pages read that replays the primary's changes late (a standby): a
 * page rendered from it after a writer's notification may still show the archive from before, so
 * its kept pages are dropped a second time once the copy has replayed the change.
 */
public interface DelayedForget {

    /**
     * Drops the kept pages under {@code path} again once the copy has replayed the primary's WAL up
     * to {@code lsn} (a position the primary had flushed after the change's commit).
     */
    void forgetOnceReplayed(String path, long lsn);
}
