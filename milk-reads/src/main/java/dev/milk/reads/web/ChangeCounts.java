package dev.milk.reads.web;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The changes the writers announced to each path ({@code /archive/AbC}), summed by stripe of the
 * path's hash: a render notes {@link #under} its page's path before it reads anything, and its page
 * is kept only if that sum is the same after (no change to a path holding the page came since).
 * Two paths sharing a stripe only cost a render.
 */
final class ChangeCounts {

    /** A power of two, few enough to weigh nothing. */
    private static final int STRIPES = 1 << 10;

    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

    /** Counts a change to {@code path} and to everything under it. */
    void announce(String path) {
        changes.incrementAndGet(stripe(path.hashCode()));
    }

    /**
     * The changes counted to every path a change to which reaches {@code path}: itself and each of
     * its beginnings that ends before a {@code .} or {@code /} ({@link #holds}).
     */
    long under(String path) {
        long count = 0;
        int hash = 0;
        for (int i = 0; i < path.length(); i++) {
            // As String.hashCode, a character at a time: each beginning's hash on the way.
            hash = 31 * hash + path.charAt(i);
            if (i + 1 == path.length() || "./".indexOf(path.charAt(i + 1)) >= 0) {
                count += changes.get(stripe(hash));
            }
        }
        return count;
    }

    /** Whether {@code path} is under {@code changed}: itself, its {@code .json}, its {@code /search}. */
    static boolean holds(String changed, String path) {
        return path.startsWith(changed)
                && (path.length() == changed.length() || "./".indexOf(path.charAt(changed.length())) >= 0);
    }

    private static int stripe(int hash) {
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }
}
