package dev.milk.reads.archive;

/**
 * What {@link DiscordMarkdown} read in a message, as it reads it, in the content's order: elements
 * around ranges of the content, the content's own characters, and what stands for a piece of
 * syntax (a mention, an emoji, a time). Ranges are offsets into the content, so one reading can be
 * written whole (the page), cut to a window with the search's matches marked (an excerpt), or as
 * plain text.
 */
interface Markup {

    /** What an element is to a writer that is not HTML. */
    enum Kind { INLINE, BLOCK, SPOILER, MATCH }

    /** An element: its HTML tags (escaped where they carry user text) and its kind. */
    record Element(String open, String close, Kind kind) {
    }

    /** Syntax shown as something else: its HTML (escaped) and what it reads as in plain text. */
    record Atom(String html, String plain) {
    }

    void open(Element element);

    void close(Element element);

    /** Content shown as it is: {@code content[from, to)}. */
    void text(int from, int to);

    /** What {@code content[from, to)} is shown as. */
    void atom(Atom atom, int from, int to);

    /** A line break, the newline at {@code at}. */
    void lineBreak(int at);

    /** Content the reader never sees as text, inside the element last opened: a masked link's target. */
    void hidden(int from, int to);
}
