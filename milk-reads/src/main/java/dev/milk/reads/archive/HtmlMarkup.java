package dev.milk.reads.archive;

import dev.milk.reads.web.Html;

/** Markdown as HTML: the elements' tags, every character of the content escaped. */
final class HtmlMarkup implements Markup {

    private final String content;
    private final StringBuilder out;

    HtmlMarkup(String content, StringBuilder out) {
        this.content = content;
        this.out = out;
    }

    @Override
    public void open(Element element) {
        out.append(element.open());
    }

    @Override
    public void close(Element element) {
        out.append(element.close());
    }

    @Override
    public void text(int from, int to) {
        Html.escape(content, from, to, out);
    }

    @Override
    public void atom(Atom atom, int from, int to) {
        out.append(atom.html());
    }

    @Override
    public void lineBreak(int at) {
        out.append("<br>");
    }

    @Override
    public void hidden(int from, int to) {
        // A masked link's target is in its href and title, which the link wrote.
    }
}
