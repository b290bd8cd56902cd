package dev.milk.reads.raid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/** A raid as a page ({@code src/main/jte/raid.jte}): who joined, when, and how old each account was. */
public final class RaidHtml {

    /** Accounts younger than this when they joined are marked: the tell-tale of a raid. */
    static final Duration YOUNG = Duration.ofDays(7);
    /** The ids the page's ban list holds: a paste Discord's bulk ban takes in a few goes; ids.txt has them all. */
    static final int BAN_LIST_IDS = 5_000;

    private RaidHtml() {
    }

    /**
     * What the template shows: every value already in its display form.
     *
     * @param banList the filtered ids to copy, on the first page only (null on the others)
     */
    public record View(Header header, RaidAnalysis analysis, Filter filter, BanList banList, List<Row> accounts,
            Paging paging, String freshness) {
    }

    /**
     * @param title   "Raid on" the guild's name when the bot sent one, else its id
     * @param reason  what the bot detected, or null
     * @param endedAt when the raid ended, or null while it goes on
     */
    public record Header(String id, String title, String reason, String size, String startedAt, String endedAt) {
    }

    /**
     * The filter form, showing the filter in force (each value canonical, or null when not set).
     *
     * @param query the filter as a query string, empty when none
     */
    public record Filter(String maxAgeDays, String joinedAfter, String joinedBefore, String name, String cluster,
            String query) {

        public boolean active() {
            return !query.isEmpty();
        }
    }

    /**
     * The ids of the accounts the filter selects, one a line, to copy.
     *
     * @param summary how many, and where the rest are when the list holds only the first
     * @param href    ids.txt with the filter: all of them
     */
    public record BanList(String ids, String summary, boolean partial, String href) {
    }

    /** @param next the address of the next page, or null on the last */
    public record Paging(boolean firstPage, String first, String next, int pageSize) {
    }

    public record Row(long id, String name, String avatar, Time joined, Time created, Age age) {
    }

    /** @param text as the table shows it, in UTC */
    public record Time(String text, String iso) {

        static Time of(Instant instant) {
            return new Time(Pages.second(instant), instant.toString());
        }
    }

    /** @param young younger than a week when it joined: marked */
    public record Age(String text, boolean young) {
    }

    /**
     * The accounts the filter selects, for the ban list.
     *
     * @param first the first of them, in listing order (the list shows {@link #BAN_LIST_IDS} at most)
     * @param count how many in all
     */
    record Matching(List<RaidMember> first, long count) {
    }

    /**
     * @param analysis the charts and patterns, on the first page; {@link RaidAnalysis#NONE} on the others
     * @param next     the cursor of the next page, or null on the last
     * @param freshness how fresh the standby it was read from was ({@code ReplicaFreshness}), or null
     */
    static String render(RaidSummary raid, RaidAnalysis analysis, RaidFilter filter, List<RaidMember> accounts,
            Matching matching, boolean firstPage, String next, String freshness) {
        List<Row> rows = accounts.stream().map(m -> {
            Duration age = Duration.between(m.createdAt(), m.joinedAt());
            return new Row(m.id(), m.name(), Pages.avatar(m.id(), m.avatarHash(), 48), Time.of(m.joinedAt()),
                    Time.of(m.createdAt()), new Age(age(age), age.compareTo(YOUNG) < 0));
        }).toList();
        var header = new Header(raid.publicId(), raid.title(), raid.reason(), Counts.of(raid.size(), "account"),
                Pages.second(raid.startedAt()), raid.concluded() ? Pages.second(raid.concludedAt()) : null);
        String query = filter.query();
        Map<String, String> values = filter.parameters();
        var form = new Filter(values.get("maxAgeDays"), values.get("joinedAfter"), values.get("joinedBefore"),
                values.get("name"), values.get("cluster"), query);
        String page = "/raid/" + raid.publicId() + ".html";
        var paging = new Paging(firstPage, query.isEmpty() ? page : page + "?" + query,
                next == null ? null : page + "?cursor=" + next + (query.isEmpty() ? "" : "&" + query),
                RaidController.PAGE_SIZE);
        var view = new View(header, analysis, form, matching == null ? null : banList(raid, filter, matching), rows, paging,
                freshness);
        return Pages.render("raid.jte", view, 4096 + accounts.size() * 400 + (matching == null ? 0 : BAN_LIST_IDS * 20));
    }

    static BanList banList(RaidSummary raid, RaidFilter filter, Matching matching) {
        List<RaidMember> shown = matching.first().subList(0, Math.min(matching.first().size(), BAN_LIST_IDS));
        String href = "/raid/" + raid.publicId() + "/ids.txt" + (filter.isEmpty() ? "" : "?" + filter.query());
        return banList(shown.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining("\n")), shown.size(),
                matching.count(), filter.isEmpty() ? "account" : "matching account", href);
    }

    /** The ban list of {@code shown} ids of {@code count} accounts ({@code noun}, singular). */
    static BanList banList(String ids, int shown, long count, String noun, String href) {
        boolean partial = count > shown;
        String summary = partial ? "The first " + Counts.thousands(shown) + " of " + Counts.of(count, noun)
                : Counts.of(count, noun);
        return new BanList(ids, summary, partial, href);
    }

    private static String age(Duration age) {
        if (age.isNegative()) {
            return "?";
        }
        if (age.toDays() >= 365) {
            return age.toDays() / 365 + " y";
        }
        if (age.toDays() >= 1) {
            return age.toDays() + " d";
        }
        return age.toHours() >= 1 ? age.toHours() + " h" : age.toMinutes() + " min";
    }
}
