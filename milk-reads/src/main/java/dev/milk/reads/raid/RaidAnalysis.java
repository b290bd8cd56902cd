package dev.milk.reads.raid;

import java.util.List;

import dev.milk.reads.web.Counts;

/**
 * What a raid's accounts add up to, for the top of its page: the wave, the ages, the creation
 * dates, and the clusters. Always of the whole raid (filters narrow the list, not this).
 *
 * @param drawing while it is being computed, what the page says instead (null once drawn, or with nothing to draw)
 */
public record RaidAnalysis(List<RaidChart> charts, List<Cluster> clusters, String drawing) {

    static final RaidAnalysis NONE = new RaidAnalysis(List.of(), List.of(), null);

    RaidAnalysis(List<RaidChart> charts, List<Cluster> clusters) {
        this(charts, clusters, null);
    }

    static RaidAnalysis drawing(long accounts) {
        return new RaidAnalysis(List.of(), List.of(), "The charts and patterns of these " + Counts.of(accounts, "account")
                + " are being drawn: reload the page in a few seconds.");
    }

    /** A page that says its charts are being drawn is answered, but never kept nor cached. */
    public boolean isDrawing() {
        return drawing != null;
    }

    /**
     * @param id       the {@code cluster} filter's value ({@link RaidCluster#id()})
     * @param rule     the rule that made it, in words ("the same first word")
     * @param shown    what the accounts share, as the page shows it (user content: escaped by the template)
     * @param avatar   an avatar of the cluster's, for the kinds that are one; else null
     * @param link     the raid's page filtered to the cluster
     */
    public record Cluster(String id, String rule, String shown, String avatar, String accounts, String link) {
    }
}
