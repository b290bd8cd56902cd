package dev.milk.reads.raid;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.PlainText;

/** The plain-text raid log of the original Milk, with columns that actually line up. */
final class RaidText {

    static final int MAX_ACCOUNTS = 2_000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int TIME_COLUMN = 27;
    private static final int ID_COLUMN = 23;

    private RaidText() {
    }

    /**
     * @param firstAccounts the first accounts the filter selects, {@link #MAX_ACCOUNTS} at most
     * @param matching      how many accounts the filter selects in all
     */
    static String render(RaidSummary raid, List<RaidMember> firstAccounts, RaidFilter filter, long matching) {
        StringBuilder text = new StringBuilder(128 + firstAccounts.size() * 96);
        text.append("Userbot raid detected against server ");
        if (raid.guildName() != null) {
            text.append(PlainText.line(raid.guildName())).append(" (").append(raid.guildId()).append(')');
        } else {
            text.append(raid.guildId());
        }
        text.append(" on ").append(DATE.format(raid.startedAt())).append('\n');
        if (raid.reason() != null) {
            // A reason may hold line breaks: one line here, so nothing it says can pass for a line of Milk's.
            text.append("Detected: ").append(PlainText.line(raid.reason().replaceAll("\\R", " "))).append('\n');
        }
        if (raid.size() == 0) {
            text.append("There are no users logged for this raid at this moment. It is likely that the raid is ")
                    .append("still being processed, please come back later!\n");
            return text.toString();
        }
        text.append("Raid size: ").append(Counts.of(raid.size(), "account")).append('\n');
        if (!filter.isEmpty()) {
            // The filter as a query string: encoded, so nothing a visitor typed can start a line.
            text.append("Matching ").append(filter.query()).append(": ").append(Counts.of(matching, "account"))
                    .append('\n');
        }
        text.append('\n');
        if (firstAccounts.isEmpty()) {
            return text.toString();
        }
        pad(text, "Joined at:", TIME_COLUMN);
        pad(text, "ID:", ID_COLUMN);
        text.append("Username:\n\n");
        for (RaidMember member : firstAccounts) {
            pad(text, TIME.format(member.joinedAt()), TIME_COLUMN);
            pad(text, Long.toString(member.id()), ID_COLUMN);
            text.append(PlainText.line(member.name())).append('\n');
        }
        text.append("\nRaw IDs:\n\n");
        for (RaidMember member : firstAccounts) {
            text.append(member.id()).append('\n');
        }
        if (matching > firstAccounts.size()) {
            text.append("\nThis page shows the first ").append(Counts.thousands(firstAccounts.size())).append(" of ")
                    .append(Counts.of(matching, filter.isEmpty() ? "account" : "matching account"))
                    .append(". All of them, 200 per page: /raid/").append(raid.publicId()).append(".json")
                    .append(filter.isEmpty() ? "" : "?" + filter.query()).append(" (follow 'next')\n");
        }
        return text.toString();
    }

    private static void pad(StringBuilder text, String value, int width) {
        text.append(value);
        text.append(" ".repeat(Math.max(1, width - value.length())));
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
