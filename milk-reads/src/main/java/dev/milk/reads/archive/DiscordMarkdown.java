package dev.milk.reads.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.media.DiscordCdn;
import dev.milk.reads.web.Html;

/**
 * Discord's message markdown to HTML. It never passes user text through: every character of the
 * content ends up escaped inside an element this class wrote, and links are http(s) only. Nesting
 * is bounded (12 levels) and each delimiter's next occurrence is looked up once and remembered, so
 * a hostile message costs little more than a plain one.
 *
 * <p>Blocks as Discord has them: code blocks, quotes, headings ({@code #} to {@code ###}), lists
 * ({@code -}, {@code *}, {@code 1.}, indented once for a nested item) and subtext ({@code -#}).
 */
final class DiscordMarkdown {

    private static final int MAX_DEPTH = 12;
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Pattern CODE_BLOCK = Pattern.compile("```(?:([A-Za-z0-9_+-]{1,20})\\n)?(.*?)```", Pattern.DOTALL);
    private static final Pattern USER = Pattern.compile("<@!?(\\d{1,20})>");
    private static final Pattern CHANNEL = Pattern.compile("<#(\\d{1,20})>");
    private static final Pattern ROLE = Pattern.compile("<@&(\\d{1,20})>");
    private static final Pattern TIMESTAMP = Pattern.compile("<t:(-?\\d{1,13})(?::([tTdDfFR]))?>");
    private static final Pattern EMOJI = Pattern.compile("<(a?):(\\w{2,32}):(\\d{1,20})>");
    private static final Pattern HEADING = Pattern.compile("(#{1,3}) (?=\\S)");
    private static final Pattern LIST_ITEM = Pattern.compile("( {0,4})(?:([-*])|(\\d{1,9})\\.) (?=\\S)");
    private static final Pattern MASKED_LINK = Pattern.compile("\\[([^\\[\\]\\n]{1,256})\\]\\(<?(https?://[^\\s<>()]{1,2048})>?\\)");
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]{1,2048}[^\\s<>\".,:;!?')\\]]");

    private record Span(String open, String tag, String close) {
    }

    private static final Span[] SPANS = {
        new Span("||", "<span class=\"spoiler\">", "</span>"),
        new Span("**", "<strong>", "</strong>"),
        new Span("__", "<u>", "</u>"),
        new Span("~~", "<s>", "</s>"),
        new Span("*", "<em>", "</em>"),
        new Span("_", "<em>", "</em>"),
    };

    /**
     * What rendering needs besides the text.
     *
     * @param mentions what mentions read as
     * @param now      when the page is rendered: relative times ({@code <t:…:R>}) count from it
     * @param colours  collects the role colours the text uses, for the page's style block
     * @param copies   Milk's copies of custom emoji, loaded instead of Discord's CDN once made
     */
    record Context(Mentions mentions, Instant now, Set<Integer> colours, MediaCopies copies) {

        Context(Mentions mentions, Instant now, Set<Integer> colours) {
            this(mentions, now, colours, MediaCopies.NONE);
        }
    }

    private final String text;
    private final Context context;
    private final StringBuilder out;
    private final Map<String, Integer> nextAt = new HashMap<>();

    private DiscordMarkdown(String text, Context context, StringBuilder out) {
        this.text = text;
        this.context = context;
        this.out = out;
    }

    static String render(String content, Context context) {
        StringBuilder out = new StringBuilder(content.length() * 2);
        new DiscordMarkdown(content, context, out).blocks();
        return out.toString();
    }

    /**
     * Whether Discord would show the content as jumbo emoji: nothing but emoji (custom or unicode,
     * with their joiners, variation selectors and skin tones) and spaces, at most 30 of them.
     */
    static boolean emojiOnly(String content) {
        String rest = EMOJI.matcher(content).replaceAll(" ");
        int emoji = (int) EMOJI.matcher(content).results().count();
        int[] codePoints = rest.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (Character.isWhitespace(c) || c == 0x200D || c == 0xFE0F || c == 0x20E3
                    || Character.isEmojiModifier(c) || (c >= 0xE0020 && c <= 0xE007F)) {
                continue;
            }
            if (c < 0x80 || !(Character.isEmojiPresentation(c) || Character.isExtendedPictographic(c)
                    || Character.isEmoji(c))) {
                return false;
            }
            boolean joined = i > 0 && codePoints[i - 1] == 0x200D;
            boolean secondFlagHalf = isRegionalIndicator(c) && i > 0 && isRegionalIndicator(codePoints[i - 1]);
            if (!joined && !secondFlagHalf) {
                emoji++;
            }
        }
        return emoji > 0 && emoji <= 30;
    }

    private static boolean isRegionalIndicator(int c) {
        return c >= 0x1F1E6 && c <= 0x1F1FF;
    }

    /** The class that gives an element a role's colour (its rule is in the page's style block). */
    static String colourClass(int rgb) {
        return String.format(Locale.ROOT, "rc%06x", rgb);
    }

    /** Code blocks first (nothing inside them is markdown), then quotes and lines. */
    private void blocks() {
        Matcher code = CODE_BLOCK.matcher(text);
        int at = 0;
        while (code.find()) {
            lines(at, code.start());
            out.append("<pre><code>");
            // Discord drops the newline that follows the opening fence.
            int body = code.start(2) < code.end(2) && text.charAt(code.start(2)) == '\n' ? code.start(2) + 1 : code.start(2);
            Html.escape(text, body, code.end(2), out);
            out.append("</code></pre>");
            at = code.end();
        }
        lines(at, text.length());
    }

    private void lines(int from, int to) {
        int at = from;
        String list = null;   // the open list's closing tag
        while (at < to) {
            int end = text.indexOf('\n', at);
            end = end < 0 || end > to ? to : end;
            Matcher item = LIST_ITEM.matcher(text).region(at, end);
            if (item.lookingAt()) {
                String kind = item.group(3) == null ? "</ul>" : "</ol>";
                if (!kind.equals(list)) {
                    if (list != null) {
                        out.append(list);
                    }
                    out.append(item.group(3) == null ? "<ul>" : "<ol start=\"" + Long.parseLong(item.group(3)) + "\">");
                    list = kind;
                }
                out.append(item.group(1).length() >= 2 ? "<li class=\"nested\">" : "<li>");
                inline(item.end(), end, 0);
                out.append("</li>");
                at = end + 1;
                continue;
            }
            if (list != null) {
                out.append(list);
                list = null;
            }
            Matcher heading = HEADING.matcher(text).region(at, end);
            if (text.startsWith(">>> ", at)) {
                out.append("<blockquote>");
                inline(at + 4, to, 0);
                out.append("</blockquote>");
                return;
            }
            if (text.startsWith("> ", at)) {
                out.append("<blockquote>");
                inline(at + 2, end, 0);
                out.append("</blockquote>");
            } else if (heading.lookingAt()) {
                int level = heading.group(1).length();
                out.append("<h").append(level + 2).append(" class=\"md-heading\">");
                inline(heading.end(), end, 0);
                out.append("</h").append(level + 2).append('>');
            } else if (text.startsWith("-# ", at)) {
                out.append("<small class=\"subtext\">");
                inline(at + 3, end, 0);
                out.append("</small>");
                if (end < to) {
                    out.append("<br>");
                }
            } else {
                inline(at, end, 0);
                if (end < to) {
                    out.append("<br>");
                }
            }
            at = end + 1;
        }
        if (list != null) {
            out.append(list);
        }
    }

    private void inline(int from, int to, int depth) {
        int at = from;
        while (at < to) {
            int next = depth < MAX_DEPTH ? element(at, to, depth) : -1;
            if (next > at) {
                at = next;
            } else if (text.charAt(at) == '\n') {
                out.append("<br>");
                at++;
            } else {
                Html.escape(text, at, at + 1 + (Character.isHighSurrogate(text.charAt(at)) && at + 1 < to ? 1 : 0), out);
                at += Character.isHighSurrogate(text.charAt(at)) && at + 1 < to ? 2 : 1;
            }
        }
    }

    /** Writes the element starting at {@code at}, if one does; returns where it ends, or -1. */
    private int element(int at, int to, int depth) {
        char c = text.charAt(at);
        if (c == '`') {
            int close = text.indexOf('`', at + 1);
            if (close > at + 1 && close < to) {
                out.append("<code>");
                Html.escape(text, at + 1, close, out);
                out.append("</code>");
                return close + 1;
            }
            return -1;
        }
        if (c == '<') {
            return mention(at, to);
        }
        if (c == '[') {
            Matcher link = MASKED_LINK.matcher(text).region(at, to);
            if (link.lookingAt()) {
                // The target shows on hover: a masked link must not hide where it leads.
                String href = Html.escape(link.group(2));
                out.append("<a href=\"").append(href).append("\" title=\"").append(href)
                        .append("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">");
                inline(link.start(1), link.end(1), depth + 1);
                out.append("</a>");
                return link.end();
            }
            return -1;
        }
        if (c == 'h' && (text.startsWith("http://", at) || text.startsWith("https://", at))) {
            Matcher url = URL.matcher(text).region(at, to);
            if (url.lookingAt()) {
                String href = Html.escape(url.group());
                out.append("<a href=\"").append(href).append("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                        .append(href).append("</a>");
                return url.end();
            }
            return -1;
        }
        for (Span span : SPANS) {
            if (text.startsWith(span.open(), at)) {
                int close = closing(span.open(), at + span.open().length(), to);
                if (close > at + span.open().length()) {
                    out.append(span.tag());
                    inline(at + span.open().length(), close, depth + 1);
                    out.append(span.close());
                    return close + span.open().length();
                }
            }
        }
        return -1;
    }

    /** The next occurrence of {@code delimiter} at or after {@code from}, remembered per delimiter. */
    private int closing(String delimiter, int from, int to) {
        Integer known = nextAt.get(delimiter);
        if (known == null || (known >= 0 && known < from)) {
            known = text.indexOf(delimiter, from);
            nextAt.put(delimiter, known);
        }
        return known >= 0 && known < to ? known : -1;
    }

    private int mention(int at, int to) {
        Matcher m;
        Mentions mentions = context.mentions();
        if ((m = USER.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named user = mentions.user(snowflake(m.group(1)));
            span("mention", "@" + (user == null ? "unknown-user" : user.name()));
        } else if ((m = ROLE.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named role = mentions.role(snowflake(m.group(1)));
            if (role != null && role.color() != null) {
                context.colours().add(role.color());
                span("mention " + colourClass(role.color()), "@" + role.name());
            } else {
                span("mention", "@" + (role == null ? "unknown-role" : role.name()));
            }
        } else if ((m = CHANNEL.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named channel = mentions.channel(snowflake(m.group(1)));
            span("mention", "#" + (channel == null ? "unknown-channel" : channel.name()));
        } else if ((m = EMOJI.matcher(text).region(at, to)).lookingAt()) {
            // The name is \w and the id digits, by the pattern: nothing here needs escaping.
            out.append("<img class=\"emoji\" src=\"").append(context.copies().src(DiscordCdn.emoji(m.group(3), !m.group(1).isEmpty())))
                    .append("\" alt=\":").append(m.group(2)).append(":\" title=\":").append(m.group(2))
                    .append(":\" loading=\"lazy\">");
        } else if ((m = TIMESTAMP.matcher(text).region(at, to)).lookingAt()) {
            timestamp(epochSeconds(m.group(1)), m.group(2) == null ? "f" : m.group(2));
        } else {
            return -1;
        }
        return m.end();
    }

    /** A relative time counts from the rendering, so its title says from when, beside the date itself. */
    private void timestamp(Instant time, String style) {
        String shown = switch (style) {
            case "t", "T" -> TIME.format(time);
            case "d", "D" -> DATE.format(time);
            case "R" -> RelativeTime.between(time, context.now());
            default -> DATE_TIME.format(time);
        };
        out.append("<time class=\"timestamp\" datetime=\"").append(time).append('"');
        if (style.equals("R")) {
            out.append(" title=\"").append(DATE_TIME.format(time)).append(", counted from ")
                    .append(DATE_TIME.format(context.now())).append('"');
        }
        out.append('>');
        Html.escape(shown, 0, shown.length(), out);
        out.append("</time>");
    }

    /** A {@code <t:…>} time, held within what a date can show (about 250 years either way of 1970). */
    static Instant epochSeconds(String digits) {
        return Instant.ofEpochSecond(Math.max(-8_000_000_000L, Math.min(8_000_000_000L, Long.parseLong(digits))));
    }

    /** Up to 20 digits may exceed a long; no user or channel has such an id, so it reads as unknown. */
    static long snowflake(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void span(String cssClass, String text) {
        out.append("<span class=\"").append(cssClass).append("\">");
        Html.escape(text, 0, text.length(), out);
        out.append("</span>");
    }
}
