package dev.milk.reads.raid;

import java.time.Duration;
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
    public record View(String id, long guildId, String size, String startedAt, String endedAt, List<Row> accounts,
            boolean firstPage, String next, int pageSize) {
    }

    public record Row(long id, String name, String avatar, String joined, String joinedIso, String created,
            String createdIso, String age, boolean young) {
    }

    static String render(RaidSummary raid, List<RaidMember> accounts, boolean firstPage, String next) {
        List<Row> rows = accounts.stream().map(m -> {
            Duration age = Duration.between(m.createdAt(), m.joinedAt());
            return new Row(m.id(), m.name(), Pages.avatar(m.id(), m.avatarHash(), 48), Pages.second(m.joinedAt()),
                    m.joinedAt().toString(), Pages.second(m.createdAt()), m.createdAt().toString(), age(age),
                    age.compareTo(YOUNG) < 0);
        }).toList();
        var view = new View(raid.publicId(), raid.guildId(),
                Counts.of(raid.size(), "account"),
                Pages.second(raid.startedAt()), raid.concluded() ? Pages.second(raid.concludedAt()) : null, rows,
                firstPage, next, RaidController.PAGE_SIZE);
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
