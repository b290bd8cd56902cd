package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import gg.jte.Content;
import gg.jte.html.HtmlTemplateOutput;

/**
 * Where templates write: markup as written, every {@code ${...}} through {@link Html#escape}, which
 * is safe in text and in quoted attribute values alike and also blanks what {@link PlainText}
 * never shows. One escaper for pages and markdown, so a name renders the same everywhere.
 */
final class HtmlOutput implements HtmlTemplateOutput {

    /** How much a streamed output holds before it passes it on. */
    private static final int STREAMED_BUFFER = 8_192;

    private final StringBuilder html;
    /** Where a streamed output passes its HTML on, or null for one read whole by {@link #toString()}. */
    private final Writer sink;

    HtmlOutput(int capacity) {
        this.html = new StringBuilder(capacity);
        this.sink = null;
    }

    /** An output that passes its HTML on to {@code sink} as it goes: a page too large to hold. */
    HtmlOutput(Writer sink) {
        this.html = new StringBuilder(STREAMED_BUFFER * 2);
        this.sink = sink;
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        // The escaper covers text and attribute values both; the context changes nothing.
    }

    @Override
    public void writeContent(String value) {
        html.append(value);
        passOnWhenFull();
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        html.append(value, beginIndex, endIndex);
        passOnWhenFull();
    }

    @Override
    public void writeUserContent(String value) {
        if (value != null) {
            Html.escape(value, 0, value.length(), html);
            passOnWhenFull();
        }
    }

    @Override
    public void writeUserContent(Content content) {
        if (content != null) {
            content.writeTo(this);
        }
    }

    private void passOnWhenFull() {
        if (sink != null && html.length() >= STREAMED_BUFFER) {
            passOn();
        }
    }

    /** Passes what is held on to the sink; the template engine's output has no checked exceptions. */
    void passOn() {
        try {
            sink.append(html);
            html.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return html.toString();
    }
}
