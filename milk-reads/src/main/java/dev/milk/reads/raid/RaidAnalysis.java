package dev.milk.reads.raid;

import java.util.List;

/**
 * What a raid's accounts add up to, for the top of its page: the wave, the ages, the creation
 * dates, and the clusters. Always of the whole raid (filters narrow the list, not this).
 */
public record RaidAnalysis(List<RaidChart> charts, List<Cluster> clusters) {

    static final RaidAnalysis NONE = new RaidAnalysis(List.of(), List.of());

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
