package dev.milk.reads.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * A reading of a whole message passed on cut to a window of its content, with a search's matches
 * marked. Since the whole message was read, a spoiler or a masked link the window cuts through is
 * still one, whichever of its delimiters falls outside: an element is written once something of it
 * inside the window is, and closed where it ends or at the window's end. Markdown's own syntax is
 * never text here, so no delimiter can be left over to show.
 *
 * <p>It notes where each match it wrote was: in plain sight, inside a spoiler, or in a masked link's
 * target (which no reader sees as text).
 */
final class WindowMarkup implements Markup {

    static final Element MATCH = new Element("<mark>", "</mark>", Kind.MATCH);
    static final int VISIBLE = 1;
    static final int IN_SPOILER = 2;
    static final int IN_LINK = 4;

    private final Markup target;
    private final int from;
    private final int to;
    private final Matches matches;
    private final int[] seen;
    private final List<Element> open = new ArrayList<>();
    /** How many of the open elements, from the outermost, are written. */
    private int written;
    private int spoilers;

    /** Passes on to {@code target} what lies in {@code content[from, to)}. */
    WindowMarkup(Markup target, int from, int to, Matches matches) {
        this.target = target;
        this.from = from;
        this.to = to;
        this.matches = matches;
        this.seen = new int[matches.size()];
    }

    @Override
    public void open(Element element) {
        open.add(element);
        if (element.kind() == Kind.SPOILER) {
            spoilers++;
        }
    }

    @Override
    public void close(Element element) {
        int last = open.size() - 1;
        open.remove(last);
        if (element.kind() == Kind.SPOILER) {
            spoilers--;
        }
        if (written > last) {
            written = last;
            target.close(element);
        }
    }

    @Override
    public void text(int start, int end) {
        int at = Math.max(start, from);
        int stop = Math.min(end, to);
        if (at >= stop) {
            return;
        }
        writeOpen();
        for (int i = matches.after(at); at < stop; i++) {
            if (i == matches.size() || matches.start(i) >= stop) {
                target.text(at, stop);
                return;
            }
            if (matches.start(i) > at) {
                target.text(at, matches.start(i));
                at = matches.start(i);
            }
            int matched = Math.min(stop, matches.end(i));
            note(i);
            target.open(MATCH);
            target.text(at, matched);
            target.close(MATCH);
            at = matched;
        }
    }

    @Override
    public void atom(Atom atom, int start, int end) {
        if (end <= from || start >= to) {
            return;
        }
        writeOpen();
        boolean matched = false;
        for (int i = matches.after(start); i < matches.size() && matches.start(i) < end; i++) {
            note(i);
            matched = true;
        }
        if (matched) {
            target.open(MATCH);
        }
        target.atom(atom, start, end);
        if (matched) {
            target.close(MATCH);
        }
    }

    @Override
    public void lineBreak(int at) {
        if (at >= from && at < to) {
            writeOpen();
            target.lineBreak(at);
        }
    }

    /** A match in a link's target counts where the link is written, that is where its text shows. */
    @Override
    public void hidden(int start, int end) {
        if (written < open.size()) {
            return;
        }
        for (int i = matches.after(start); i < matches.size() && matches.start(i) < end; i++) {
            seen[i] |= IN_LINK;
        }
        target.hidden(start, end);
    }

    /** The first match written where {@code where} says ({@link #VISIBLE} and the others, or'ed), or -1. */
    int first(int where) {
        for (int i = 0; i < seen.length; i++) {
            if ((seen[i] & where) != 0) {
                return i;
            }
        }
        return -1;
    }

    private void note(int match) {
        seen[match] |= spoilers > 0 ? IN_SPOILER : VISIBLE;
    }

    private void writeOpen() {
        while (written < open.size()) {
            target.open(open.get(written++));
        }
    }
}
