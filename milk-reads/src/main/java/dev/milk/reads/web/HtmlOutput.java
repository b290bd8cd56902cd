package dev.milk.reads.web;

import gg.jte.Content;
import gg.jte.html.HtmlTemplateOutput;

/**
 * Where templates write: markup as written, every {@code ${...}} through {@link Html#escape}, which
 * is safe in text and in quoted attribute values alike and also blanks what {@link PlainText}
 * never shows. One escaper for pages and markdown, so a name renders the same everywhere.
 */
final class HtmlOutput implements HtmlTemplateOutput {

    private final StringBuilder html;

    HtmlOutput(int capacity) {
        this.html = new StringBuilder(capacity);
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        // The escaper covers text and attribute values both; the context changes nothing.
    }

    @Override
    public void writeContent(String value) {
        html.append(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        html.append(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
        if (value != null) {
            Html.escape(value, 0, value.length(), html);
        }
    }

    @Override
    public void writeUserContent(Content content) {
        if (content != null) {
            content.writeTo(this);
        }
    }

    @Override
    public String toString() {
        return html.toString();
    }
}
