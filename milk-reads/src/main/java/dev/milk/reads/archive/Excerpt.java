package dev.milk.reads.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a search matched, in a found message: its text in segments, the matched ones marked.
 * PostgreSQL's {@code ts_headline} marks matches with two private-use characters (removed from
 * the content first), never with markup, so the text stays plain until a template escapes it.
 * Angle brackets reach it as two more (the text search parser would take them for HTML tags, as
 * {@code milk_search_document} explains) and are put back here.
 */
record Excerpt(List<Segment> segments) {

    static final char START = '\uE000';
    static final char STOP = '\uE001';
    private static final char LESS_THAN = '\uE002';
    private static final char GREATER_THAN = '\uE003';
    /** What the content is translated from and to before ts_headline: brackets replaced, the four marks removed. */
    static final String TRANSLATE_FROM = "<>" + START + STOP + LESS_THAN + GREATER_THAN;
    static final String TRANSLATE_TO = "" + LESS_THAN + GREATER_THAN;
    /** ts_headline's options: the marks, and a message whole up to 40 words, else 15 to 40 around a match. */
    static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP + ", MaxWords=40, MinWords=15";

    record Segment(String text, boolean marked) {
    }

    /** A range of {@link #plain()} that matched, in UTF-16 units as JavaScript counts them. */
    record Highlight(int start, int end) {
    }

    /** @param headline ts_headline's answer; mentions in it read as names, as on the page */
    static Excerpt of(String headline, Mentions mentions) {
        List<Segment> segments = new ArrayList<>();
        boolean marked = false;
        int from = 0;
        for (int i = 0; i <= headline.length(); i++) {
            boolean end = i == headline.length();
            char c = end ? 0 : headline.charAt(i);
            if (end || c == START || c == STOP) {
                if (i > from) {
                    String text = headline.substring(from, i).replace(LESS_THAN, '<').replace(GREATER_THAN, '>');
                    segments.add(new Segment(MentionText.resolve(text, mentions), marked));
                }
                marked = !end && c == START;
                from = i + 1;
            }
        }
        return new Excerpt(List.copyOf(segments));
    }

    String plain() {
        StringBuilder text = new StringBuilder();
        segments.forEach(s -> text.append(s.text()));
        return text.toString();
    }

    List<Highlight> highlights() {
        List<Highlight> highlights = new ArrayList<>();
        int at = 0;
        for (Segment s : segments) {
            if (s.marked()) {
                highlights.add(new Highlight(at, at + s.text().length()));
            }
            at += s.text().length();
        }
        return highlights;
    }
}
