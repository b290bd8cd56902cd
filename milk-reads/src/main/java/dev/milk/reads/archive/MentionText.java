package dev.milk.reads.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.reads.web.Pages;

/**
 * Content as a reader would say it, for places without markup (the transcript, reply previews):
 * names for mentions, {@code :name:} for custom emoji, dates for timestamps. The result is still
 * user text, to be escaped or made plain by the caller.
 */
final class MentionText {

    private static final Pattern MARKUP = Pattern.compile(
            "<(@!?|@&|#)(\\d{1,19})>|<a?:(\\w{2,32}):\\d{1,20}>|<t:(-?\\d{1,13})(?::[tTdDfFR])?>");

    private MentionText() {
    }

    static String resolve(String content, Mentions mentions) {
        Matcher m = MARKUP.matcher(content);
        StringBuilder out = new StringBuilder(content.length());
        while (m.find()) {
            String shown;
            if (m.group(1) != null) {
                long id = DiscordMarkdown.snowflake(m.group(2));
                Mentions.Named named = switch (m.group(1)) {
                    case "@&" -> mentions.role(id);
                    case "#" -> mentions.channel(id);
                    default -> mentions.user(id);
                };
                shown = (m.group(1).equals("#") ? "#" : "@") + (named == null ? m.group(2) : named.name());
            } else if (m.group(3) != null) {
                shown = ":" + m.group(3) + ":";
            } else {
                shown = Pages.minute(DiscordMarkdown.epochSeconds(m.group(4)));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }
}
