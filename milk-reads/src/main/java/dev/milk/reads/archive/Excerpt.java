package dev.milk.reads.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Where a search matched in a found message, shown as the archive page shows the message: the
 * whole content is read as markdown by {@link DiscordMarkdown}, and what is shown is a window of it
 * (about {@value #WORDS} words from a few before the first match) with the matches marked. Reading
 * the whole message, not the cut text, is what keeps a spoiler hidden and a masked link masked when
 * the window cuts through them.
 *
 * <p>The window opens on the first match a reader can see. A match inside a spoiler is marked in
 * it and stays hidden with it, as the page hides it until pointed at; a match in a masked link's
 * target (its address) is never shown as text. Both are noted ({@link Hidden}), so a reader knows
 * why a result shows no marked word.
 *
 * <p>PostgreSQL's {@code ts_headline} finds the matches: it marks them with two private-use
 * characters (removed from the content first), never with markup. Angle brackets reach it as two
 * more (the text search parser would take them for HTML tags, as {@code milk_search_document}
 * explains).
 *
 * @param from where the window starts in the content
 * @param to   where it ends
 */
record Excerpt(String content, Matches matches, int from, int to) {

    static final char START = '\uE000';
    static final char STOP = '\uE001';
    private static final char LESS_THAN = '\uE002';
    private static final char GREATER_THAN = '\uE003';
    /** What the content is translated from and to before ts_headline: brackets replaced, the four marks removed. */
    static final String TRANSLATE_FROM = "<>" + START + STOP + LESS_THAN + GREATER_THAN;
    static final String TRANSLATE_TO = "" + LESS_THAN + GREATER_THAN;
    /** ts_headline's options: the marks, around every match in the content, which it answers whole. */
    static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP + ", HighlightAll=true";

    static final int WORDS = 40;
    private static final int WORDS_BEFORE = 10;
    /** A window of a few long words (or of a language written without spaces) is cut to this many characters. */
    static final int CHARACTERS = 400;
    private static final int CHARACTERS_BEFORE = 100;
    private static final String ELLIPSIS = "…";

    /** A range of the excerpt's text, in UTF-16 units as JavaScript counts them. */
    record Range(int start, int end) {
    }

    /** Where matches are that the excerpt does not show as text. */
    enum Hidden { SPOILER, LINK }

    /** The excerpt as HTML (every character of the content escaped), and its matches not shown as text. */
    record Html(String html, List<Hidden> hidden) {
    }

    /**
     * The excerpt as plain text, for the JSON API.
     *
     * @param highlights the matched ranges of {@code text}
     * @param spoilers   where {@code text} holds {@value PlainMarkup#SPOILER} in place of a spoiler
     */
    record Plain(String text, List<Range> highlights, List<Range> spoilers, List<Hidden> hidden) {
    }

    /** @param headline ts_headline's answer on the content, or null: the window is then the start of the content */
    static Excerpt of(String content, String headline) {
        Matches matches = Matches.of(content, headline);
        // Names do not move anything: the window is found without them.
        var reading = new WindowMarkup(new PlainMarkup(content, new StringBuilder()), 0, content.length(), matches);
        DiscordMarkdown.read(content, new DiscordMarkdown.Context(Mentions.NONE, Instant.EPOCH, new HashSet<>()),
                reading);
        int focus = reading.first(WindowMarkup.VISIBLE);
        if (focus < 0) {
            focus = reading.first(WindowMarkup.IN_SPOILER | WindowMarkup.IN_LINK);
        }
        int[] window = window(content, focus < 0 ? 0 : matches.start(focus));
        return new Excerpt(content, matches, window[0], window[1]);
    }

    boolean isEmpty() {
        return content.isBlank();
    }

    Html html(DiscordMarkdown.Context context) {
        StringBuilder out = new StringBuilder(2 * (to - from) + 64);
        if (from > 0) {
            out.append(ELLIPSIS).append(' ');
        }
        var window = new WindowMarkup(new HtmlMarkup(content, out), from, to, matches);
        DiscordMarkdown.read(content, context, window);
        if (to < content.length()) {
            out.append(' ').append(ELLIPSIS);
        }
        return new Html(out.toString(), hidden(window));
    }

    Plain plain(DiscordMarkdown.Context context) {
        StringBuilder out = new StringBuilder(to - from + 16);
        if (from > 0) {
            out.append(ELLIPSIS).append(' ');
        }
        var plain = new PlainMarkup(content, out);
        var window = new WindowMarkup(plain, from, to, matches);
        DiscordMarkdown.read(content, context, window);
        plain.finish();
        if (to < content.length()) {
            out.append(' ').append(ELLIPSIS);
        }
        return new Plain(out.toString(), plain.highlights(), plain.spoilers(), hidden(window));
    }

    private static List<Hidden> hidden(WindowMarkup window) {
        List<Hidden> hidden = new ArrayList<>(2);
        if (window.first(WindowMarkup.IN_SPOILER) >= 0) {
            hidden.add(Hidden.SPOILER);
        }
        if (window.first(WindowMarkup.IN_LINK) >= 0) {
            hidden.add(Hidden.LINK);
        }
        return List.copyOf(hidden);
    }

    /**
     * The window around {@code focus}: the whole content up to {@value #WORDS} words (runs of
     * anything but white space), else that many from {@value #WORDS_BEFORE} before the focus, cut
     * further to {@value #CHARACTERS} characters. It may end anywhere, inside a word or an element:
     * reading the whole message makes any cut safe. A surrogate pair is never split.
     */
    static int[] window(String content, int focus) {
        List<int[]> words = new ArrayList<>();
        for (int i = 0; i < content.length(); ) {
            while (i < content.length() && Character.isWhitespace(content.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < content.length() && !Character.isWhitespace(content.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(new int[] {start, i});
            }
        }
        int from = 0;
        int to = content.length();
        if (words.size() > WORDS) {
            int at = 0;
            while (at < words.size() - 1 && words.get(at)[1] <= focus) {
                at++;
            }
            int last = Math.min(words.size(), Math.max(0, at - WORDS_BEFORE) + WORDS);
            int first = last - WORDS;
            from = first == 0 ? 0 : words.get(first)[0];
            to = last == words.size() ? content.length() : words.get(last - 1)[1];
        }
        if (to - from > CHARACTERS) {
            int start = Math.max(from, Math.min(focus - CHARACTERS_BEFORE, to - CHARACTERS));
            from = whole(content, start);
            to = whole(content, from + CHARACTERS);
        }
        return new int[] {from, to};
    }

    /** {@code at}, or one before it when it would split a surrogate pair. */
    private static int whole(String content, int at) {
        return at > 0 && at < content.length() && Character.isLowSurrogate(content.charAt(at))
                && Character.isHighSurrogate(content.charAt(at - 1)) ? at - 1 : at;
    }

    /** The character ts_headline read for {@code c}: brackets as the translation made them. */
    static char translated(char c) {
        return c == '<' ? LESS_THAN : c == '>' ? GREATER_THAN : c;
    }

    /** Whether the translation removed {@code c} from the content before ts_headline read it. */
    static boolean removed(char c) {
        return c >= START && c <= GREATER_THAN;
    }
}
