package dev.milk.reads.raid;

import java.util.List;
import java.util.stream.Collectors;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/**
 * The staff's pages of repeat raiders ({@code raid_repeats.jte}, {@code raid_overlap.jte}): which
 * earlier raids of the guild this raid's accounts were in, and the accounts two raids share.
 */
public final class RaidRepeatsHtml {

    /** The rows the overlap's table shows; its ban list holds up to {@link RaidHtml#BAN_LIST_IDS}. */
    static final int OVERLAP_ROWS = 500;

    private RaidRepeatsHtml() {
    }

    /** @param title the raid's page title ("Raid on …"), @param href its page */
    public record Raid(String title, String href, String startedAt, String size) {

        static Raid of(RaidSummary raid) {
            return new Raid(raid.title(), "/raid/" + raid.publicId() + ".html", Pages.second(raid.startedAt()), Counts.of(raid.size(), "account"));
        }
    }

    /** @param repeated how many of the raid's accounts were in earlier raids, in words */
    public record Repeats(Raid raid, String repeated, List<Earlier> earlier, boolean truncated) {
    }

    public record Earlier(String startedAt, String title, String size, String shared, String overlap) {
    }

    /** @param shown how many of them the table shows, in words (all, or the first {@link #OVERLAP_ROWS}) */
    public record Overlap(Raid raid, Raid other, String shown, List<Shared> accounts, RaidHtml.BanList banList) {
    }

    public record Shared(long id, String name, String avatar, RaidHtml.Time joinedHere, RaidHtml.Time joinedThere) {
    }

    static String repeats(RaidSummary raid, RaidRepeats.Repeats repeats) {
        List<Earlier> earlier = repeats.raids().stream().map(r -> new Earlier(Pages.second(r.startedAt()),
                r.guildName() != null ? r.guildName() : "server " + raid.guildId(), Counts.of(r.size(), "account"),
                Counts.of(r.shared(), "account"), "/raid/" + raid.publicId() + "/overlap/" + r.publicId())).toList();
        // The query reads one raid more than it shows: whether older ones were left out.
        var view = new Repeats(Raid.of(raid), Counts.of(repeats.accounts(), "account"),
                earlier.subList(0, Math.min(earlier.size(), RaidRepeats.MAX_EARLIER_RAIDS)),
                earlier.size() > RaidRepeats.MAX_EARLIER_RAIDS);
        return Pages.render("raid_repeats.jte", view, 2048 + earlier.size() * 300);
    }

    static String overlap(RaidSummary raid, RaidSummary other, List<RaidRepeats.SharedAccount> accounts, long count) {
        List<Shared> rows = accounts.stream().limit(OVERLAP_ROWS).map(a -> new Shared(a.id(), a.name(),
                Pages.avatar(a.id(), a.avatarHash(), 48), RaidHtml.Time.of(a.joinedHere()),
                RaidHtml.Time.of(a.joinedThere()))).toList();
        String shown = count > rows.size() ? "the first " + Counts.thousands(rows.size()) : "all of them";
        var banList = RaidHtml.banList(accounts.stream().map(a -> Long.toString(a.id())).collect(Collectors.joining("\n")),
                accounts.size(), count, "shared account", null);
        var view = new Overlap(Raid.of(raid), Raid.of(other), shown, rows, banList);
        return Pages.render("raid_overlap.jte", view, 4096 + rows.size() * 400 + accounts.size() * 20);
    }
}
