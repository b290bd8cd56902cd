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

    private record Span(String delimiter, Markup.Element element) {
    }

    private static final Span[] SPANS = {
        new Span("||", new Markup.Element("<span class=\"spoiler\">", "</span>", Markup.Kind.SPOILER)),
        new Span("**", tag("<strong>", "</strong>")),
        new Span("__", tag("<u>", "</u>")),
        new Span("~~", tag("<s>", "</s>")),
        new Span("*", tag("<em>", "</em>")),
        new Span("_", tag("<em>", "</em>")),
    };
    /** The characters that may start an inline element. */
    private static final String ELEMENT_STARTS = "`<[h|*_~";
    private static final String LINK_ATTRIBUTES = "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">";
    private static final Markup.Element CODE = tag("<code>", "</code>");
    private static final Markup.Element PRE = block("<pre><code>", "</code></pre>");
    private static final Markup.Element QUOTE = block("<blockquote>", "</blockquote>");
    private static final Markup.Element LIST = block("<ul>", "</ul>");
    private static final Markup.Element ITEM = block("<li>", "</li>");
    private static final Markup.Element NESTED_ITEM = block("<li class=\"nested\">", "</li>");
    private static final Markup.Element SUBTEXT = tag("<small class=\"subtext\">", "</small>");

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
    private final Markup out;
    private final Map<String, Integer> nextAt = new HashMap<>();

    private DiscordMarkdown(String text, Context context, Markup out) {
        this.text = text;
        this.context = context;
        this.out = out;
    }

    static String render(String content, Context context) {
        StringBuilder html = new StringBuilder(content.length() * 2);
        read(content, context, new HtmlMarkup(content, html));
        return html.toString();
    }

    /** Reads {@code content} into {@code markup}, in the content's order. */
    static void read(String content, Context context, Markup markup) {
        new DiscordMarkdown(content, context, markup).blocks();
    }

    private static Markup.Element tag(String open, String close) {
        return new Markup.Element(open, close, Markup.Kind.INLINE);
    }

    private static Markup.Element block(String open, String close) {
        return new Markup.Element(open, close, Markup.Kind.BLOCK);
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
            out.open(PRE);
            // Discord drops the newline that follows the opening fence.
            int body = code.start(2) < code.end(2) && text.charAt(code.start(2)) == '\n' ? code.start(2) + 1 : code.start(2);
            out.text(body, code.end(2));
            out.close(PRE);
            at = code.end();
        }
        lines(at, text.length());
    }

    private void lines(int from, int to) {
        int at = from;
        Markup.Element list = null;   // the open list
        while (at < to) {
            int end = text.indexOf('\n', at);
            end = end < 0 || end > to ? to : end;
            Matcher item = LIST_ITEM.matcher(text).region(at, end);
            if (item.lookingAt()) {
                boolean ordered = item.group(3) != null;
                if (list == null || ordered != (list != LIST)) {
                    if (list != null) {
                        out.close(list);
                    }
                    list = ordered ? block("<ol start=\"" + Long.parseLong(item.group(3)) + "\">", "</ol>") : LIST;
                    out.open(list);
                }
                Markup.Element li = item.group(1).length() >= 2 ? NESTED_ITEM : ITEM;
                out.open(li);
                inline(item.end(), end, 0);
                out.close(li);
                at = end + 1;
                continue;
            }
            if (list != null) {
                out.close(list);
                list = null;
            }
            Matcher heading = HEADING.matcher(text).region(at, end);
            if (text.startsWith(">>> ", at)) {
                out.open(QUOTE);
                inline(at + 4, to, 0);
                out.close(QUOTE);
                return;
            }
            if (text.startsWith("> ", at)) {
                out.open(QUOTE);
                inline(at + 2, end, 0);
                out.close(QUOTE);
            } else if (heading.lookingAt()) {
                int level = heading.group(1).length() + 2;
                Markup.Element h = block("<h" + level + " class=\"md-heading\">", "</h" + level + ">");
                out.open(h);
                inline(heading.end(), end, 0);
                out.close(h);
            } else if (text.startsWith("-# ", at)) {
                out.open(SUBTEXT);
                inline(at + 3, end, 0);
                out.close(SUBTEXT);
                if (end < to) {
                    out.lineBreak(end);
                }
            } else {
                inline(at, end, 0);
                if (end < to) {
                    out.lineBreak(end);
                }
            }
            at = end + 1;
        }
        if (list != null) {
            out.close(list);
        }
    }

    /** Text between elements is written in runs: a run ends where an element or a line break may start. */
    private void inline(int from, int to, int depth) {
        int at = from;
        int run = from;
        while (at < to) {
            char c = text.charAt(at);
            if (c == '\n' || depth < MAX_DEPTH && ELEMENT_STARTS.indexOf(c) >= 0) {
                text(run, at);
                run = at;
            }
            int next = depth < MAX_DEPTH ? element(at, to, depth) : -1;
            if (next > at) {
                at = next;
                run = next;
            } else if (c == '\n') {
                out.lineBreak(at);
                at++;
                run = at;
            } else {
                at += Character.isHighSurrogate(c) && at + 1 < to ? 2 : 1;
            }
        }
        text(run, to);
    }

    private void text(int from, int to) {
        if (from < to) {
            out.text(from, to);
        }
    }

    /** Writes the element starting at {@code at}, if one does; returns where it ends, or -1. */
    private int element(int at, int to, int depth) {
        char c = text.charAt(at);
        if (c == '`') {
            int close = text.indexOf('`', at + 1);
            if (close > at + 1 && close < to) {
                out.open(CODE);
                out.text(at + 1, close);
                out.close(CODE);
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
                var a = tag("<a href=\"" + href + "\" title=\"" + href + LINK_ATTRIBUTES, "</a>");
                out.open(a);
                inline(link.start(1), link.end(1), depth + 1);
                out.hidden(link.start(2), link.end(2));
                out.close(a);
                return link.end();
            }
            return -1;
        }
        if (c == 'h' && (text.startsWith("http://", at) || text.startsWith("https://", at))) {
            Matcher url = URL.matcher(text).region(at, to);
            if (url.lookingAt()) {
                var a = tag("<a href=\"" + Html.escape(url.group()) + LINK_ATTRIBUTES, "</a>");
                out.open(a);
                out.text(url.start(), url.end());
                out.close(a);
                return url.end();
            }
            return -1;
        }
        for (Span span : SPANS) {
            String delimiter = span.delimiter();
            if (text.startsWith(delimiter, at)) {
                int close = closing(delimiter, at + delimiter.length(), to);
                if (close > at + delimiter.length()) {
                    out.open(span.element());
                    inline(at + delimiter.length(), close, depth + 1);
                    out.close(span.element());
                    return close + delimiter.length();
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
        Markup.Atom atom;
        Mentions mentions = context.mentions();
        if ((m = USER.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named user = mentions.user(snowflake(m.group(1)));
            atom = span("mention", "@" + (user == null ? "unknown-user" : user.name()));
        } else if ((m = ROLE.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named role = mentions.role(snowflake(m.group(1)));
            if (role != null && role.color() != null) {
                context.colours().add(role.color());
                atom = span("mention " + colourClass(role.color()), "@" + role.name());
            } else {
                atom = span("mention", "@" + (role == null ? "unknown-role" : role.name()));
            }
        } else if ((m = CHANNEL.matcher(text).region(at, to)).lookingAt()) {
            Mentions.Named channel = mentions.channel(snowflake(m.group(1)));
            atom = span("mention", "#" + (channel == null ? "unknown-channel" : channel.name()));
        } else if ((m = EMOJI.matcher(text).region(at, to)).lookingAt()) {
            // The name is \w and the id digits, by the pattern: nothing here needs escaping.
            atom = new Markup.Atom("<img class=\"emoji\" src=\""
                    + context.copies().src(DiscordCdn.emoji(m.group(3), !m.group(1).isEmpty())) + "\" alt=\":" + m.group(2)
                    + ":\" title=\":" + m.group(2) + ":\" loading=\"lazy\">", ":" + m.group(2) + ":");
        } else if ((m = TIMESTAMP.matcher(text).region(at, to)).lookingAt()) {
            atom = timestamp(epochSeconds(m.group(1)), m.group(2) == null ? "f" : m.group(2));
        } else {
            return -1;
        }
        out.atom(atom, at, m.end());
        return m.end();
    }

    /** A relative time counts from the rendering, so its title says from when, beside the date itself. */
    private Markup.Atom timestamp(Instant time, String style) {
        String shown = switch (style) {
            case "t", "T" -> TIME.format(time);
            case "d", "D" -> DATE.format(time);
            case "R" -> RelativeTime.between(time, context.now());
            default -> DATE_TIME.format(time);
        };
        StringBuilder html = new StringBuilder(128).append("<time class=\"timestamp\" datetime=\"").append(time).append('"');
        if (style.equals("R")) {
            html.append(" title=\"").append(DATE_TIME.format(time)).append(", counted from ")
                    .append(DATE_TIME.format(context.now())).append('"');
        }
        html.append('>');
        Html.escape(shown, 0, shown.length(), html);
        // Plain text is read later than it is written: a relative time there says when instead.
        return new Markup.Atom(html.append("</time>").toString(), DATE_TIME.format(time));
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

    private static Markup.Atom span(String cssClass, String shown) {
        return new Markup.Atom("<span class=\"" + cssClass + "\">" + Html.escape(shown) + "</span>", shown);
    }
}
