package dev.milk.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How a writer happens to receive a topic's records: in polls of varying sizes, and, after a
 * crash, again from an offset before the last one it processed (what was committed), so some
 * records arrive twice.
 *
 * @param archivePolls the sizes of the archive topic's polls, in turn
 * @param raidPolls    the same for the raid topic
 */
record Delivery(List<Integer> archivePolls, List<Integer> raidPolls, List<Crash> crashes) {

    /**
     * @param afterPoll   the writer dies after this poll is stored
     * @param backPercent and starts again this far into what it had read
     */
    record Crash(int afterPoll, int backPercent) {
    }

    /** The polls a writer receives of {@code records}, cut by {@code sizes}, replaying after each crash. */
    <T> List<List<T>> polls(List<T> records, List<Integer> sizes) {
        List<List<T>> polls = new ArrayList<>();
        List<Crash> pending = new ArrayList<>(crashes);
        int next = 0;
        for (int poll = 0; next < records.size(); poll++) {
            int end = Math.min(records.size(), next + sizes.get(poll % sizes.size()));
            polls.add(records.subList(next, end));
            next = end;
            for (Crash crash : List.copyOf(pending)) {
                if (crash.afterPoll() == poll) {
                    pending.remove(crash);
                    next = end * crash.backPercent() / 100;
                }
            }
        }
        return polls;
    }
}
