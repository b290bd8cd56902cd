package dev.milk.reads.raid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/** A raid as a page ({@code src/main/jte/raid.jte}): who joined, when, and how old each account was. */
public final class RaidHtml {

    /** Accounts younger than this when they joined are marked: the tell-tale of a raid. */
    private static final Duration YOUNG = Duration.ofDays(7);

    private RaidHtml() {
    }

    /** What the template shows: every value already in its display form. */
    public record View(Header header, List<Row> accounts, Paging paging) {
    }

    /** @param endedAt when the raid ended, or null while it goes on */
    public record Header(String id, long guildId, String size, String startedAt, String endedAt) {
    }

    /** @param next the cursor of the next page, or null on the last */
    public record Paging(boolean firstPage, String next, int pageSize) {
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

    static String render(RaidSummary raid, List<RaidMember> accounts, boolean firstPage, String next) {
        List<Row> rows = accounts.stream().map(m -> {
            Duration age = Duration.between(m.createdAt(), m.joinedAt());
            return new Row(m.id(), m.name(), Pages.avatar(m.id(), m.avatarHash(), 48), Time.of(m.joinedAt()),
                    Time.of(m.createdAt()), new Age(age(age), age.compareTo(YOUNG) < 0));
        }).toList();
        var header = new Header(raid.publicId(), raid.guildId(), Counts.of(raid.size(), "account"),
                Pages.second(raid.startedAt()), raid.concluded() ? Pages.second(raid.concludedAt()) : null);
        var view = new View(header, rows, new Paging(firstPage, next, RaidController.PAGE_SIZE));
        return Pages.render("raid.jte", view, 4096 + accounts.size() * 400);
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
