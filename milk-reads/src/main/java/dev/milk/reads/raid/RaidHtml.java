package dev.milk.reads.raid;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.milk.reads.web.Html;

/** A raid as a page: who joined, when, and how old each account was when it joined. */
final class RaidHtml {

    /** Accounts younger than this when they joined are marked: the tell-tale of a raid. */
    private static final Duration YOUNG = Duration.ofDays(7);

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RaidHtml() {
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }

    static String render(RaidSummary raid, List<RaidMember> accounts, boolean firstPage, String next) {
        String id = raid.publicId();
        StringBuilder html = new StringBuilder(4096 + accounts.size() * 400);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"robots\" content=\"noindex\">")
                .append("<title>Raid on server ").append(raid.guildId()).append(" · Milk</title>")
                .append("<link rel=\"stylesheet\" href=\"/assets/milk.css\"></head>\n<body>")
                .append("<header class=\"channel\"><h1>Raid on server ").append(raid.guildId()).append("</h1><p class=\"meta\">")
                .append(RaidText.thousands(raid.size())).append(raid.size() == 1 ? " account" : " accounts")
                .append(" · started ").append(when(raid.startedAt())).append(" UTC");
        if (raid.concluded()) {
            html.append(" · ended ").append(when(raid.concludedAt())).append(" UTC");
        } else {
            html.append(" · <span class=\"live\">still going on</span>");
        }
        html.append("</p><p class=\"formats\"><a href=\"/raid/").append(id).append("\">Plain text</a> · <a href=\"/raid/")
                .append(id).append(".json\">JSON</a> · <a href=\"/raid/").append(id)
                .append(".csv\">CSV of every account</a></p></header><main>");
        if (accounts.isEmpty()) {
            html.append("<p class=\"empty\">No accounts are logged for this raid yet.</p>");
        } else {
            html.append("<table class=\"accounts\"><thead><tr><th>Account</th><th class=\"id\">ID</th><th>Joined (UTC)</th>")
                    .append("<th class=\"created\">Created</th><th>Age at join</th></tr></thead><tbody>");
            for (RaidMember m : accounts) {
                Duration age = Duration.between(m.createdAt(), m.joinedAt());
                html.append("<tr><td><span class=\"who\"><img alt=\"\" loading=\"lazy\" src=\"").append(avatar(m))
                        .append("\">").append(Html.escape(m.name())).append("</span></td><td class=\"id\">").append(m.id())
                        .append("</td><td><time datetime=\"").append(m.joinedAt()).append("\">")
                        .append(when(m.joinedAt())).append("</time></td><td class=\"created\"><time datetime=\"")
                        .append(m.createdAt()).append("\">").append(when(m.createdAt()))
                        .append("</time></td><td").append(age.compareTo(YOUNG) < 0 ? " class=\"young\"" : "").append(">")
                        .append(age(age)).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</main>");
        if (!firstPage || next != null) {
            html.append("<nav class=\"pages\">");
            if (!firstPage) {
                html.append("<a href=\"/raid/").append(id).append(".html\">First page</a>");
            }
            if (next != null) {
                html.append("<a rel=\"next\" href=\"/raid/").append(id).append(".html?cursor=").append(next)
                        .append("\">Next ").append(RaidController.PAGE_SIZE).append(" accounts</a>");
            }
            html.append("</nav>");
        }
        return html.append("</body></html>\n").toString();
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

    private static String avatar(RaidMember m) {
        return m.avatarHash() != null
                ? "https://cdn.discordapp.com/avatars/" + m.id() + "/" + m.avatarHash() + ".png?size=48"
                : "https://cdn.discordapp.com/embed/avatars/" + ((m.id() >>> 22) % 6) + ".png";
    }
}
