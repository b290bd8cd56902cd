package dev.milk.reads.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * A reading as the words a reader sees, without markdown's syntax: mentions as names, custom emoji
 * as {@code :name:}, times as dates, a masked link as its text, a line of its own for each block.
 * A spoiler is {@link #SPOILER} whatever it holds, so what the page hides is not in the text, and
 * a match inside it is not highlighted. Ranges count UTF-16 units, as JavaScript does.
 */
final class PlainMarkup implements Markup {

    static final String SPOILER = "[spoiler]";

    private final String content;
    private final StringBuilder out;
    private final int start;
    private final List<Excerpt.Range> highlights = new ArrayList<>();
    private final List<Excerpt.Range> spoilerRanges = new ArrayList<>();
    private int spoilers;
    private int matchAt;

    /** Writes after what {@code out} already holds. */
    PlainMarkup(String content, StringBuilder out) {
        this.content = content;
        this.out = out;
        this.start = out.length();
    }

    @Override
    public void open(Element element) {
        switch (element.kind()) {
            case SPOILER -> {
                if (spoilers++ == 0) {
                    int at = out.length();
                    out.append(SPOILER);
                    spoilerRanges.add(new Excerpt.Range(at, out.length()));
                }
            }
            case MATCH -> matchAt = out.length();
            case BLOCK -> newLine();
            case INLINE -> { }
        }
    }

    @Override
    public void close(Element element) {
        switch (element.kind()) {
            case SPOILER -> spoilers--;
            case MATCH -> {
                if (spoilers == 0 && out.length() > matchAt) {
                    highlights.add(new Excerpt.Range(matchAt, out.length()));
                }
            }
            case BLOCK -> newLine();
            case INLINE -> { }
        }
    }

    @Override
    public void text(int from, int to) {
        if (spoilers == 0) {
            out.append(content, from, to);
        }
    }

    @Override
    public void atom(Atom atom, int from, int to) {
        if (spoilers == 0) {
            out.append(atom.plain());
        }
    }

    @Override
    public void lineBreak(int at) {
        if (spoilers == 0) {
            out.append('\n');
        }
    }

    @Override
    public void hidden(int from, int to) {
        // Never shown.
    }

    /** The matched ranges of the text, outside spoilers. */
    List<Excerpt.Range> highlights() {
        return List.copyOf(highlights);
    }

    /** Where the text holds {@link #SPOILER} in place of a spoiler. */
    List<Excerpt.Range> spoilers() {
        return List.copyOf(spoilerRanges);
    }

    /** Ends the text: no line break left after the last line. */
    void finish() {
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '\n') {
            end--;
        }
        out.setLength(end);
    }

    private void newLine() {
        if (spoilers == 0 && out.length() > start && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
