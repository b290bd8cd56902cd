package dev.milk.reads.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response whose body is held back, up to {@code limit} bytes, so that {@link PageCache} can
 * keep and compress it; a larger body (a million-account CSV) is handed on as it comes and kept
 * nowhere. What is held is taken from the {@link CaptureBudget} all requests share, chunk by
 * chunk: a body refused room, at its first byte or later, is handed on as it comes too. The
 * held-back length is the page cache's to declare, so the application's own
 * {@code Content-Length} is not passed on while the body is held.
 */
final class CapturedResponse extends HttpServletResponseWrapper {

    private final CaptureBudget budget;
    private final HeldBytes held;
    /** The body gzipped, when the page cache asked for it. */
    private HeldBytes gzipped;
    private boolean overflowed;
    /** Where the body goes once it is no longer held. */
    private ServletOutputStream out;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CapturedResponse(HttpServletResponse response, int limit, CaptureBudget budget) {
        super(response);
        this.budget = budget;
        this.held = new HeldBytes(budget, limit);
    }

    /**
     * The whole body, or null when it went out as it came: it outgrew the limit or its room, or
     * there is no room to join its chunks (then it goes out now).
     */
    byte[] body() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (overflowed) {
            return null;
        }
        byte[] body = held.whole();
        if (body == null) {
            overflow();
        }
        return body;
    }

    /** The body gzipped at {@code level}, or null when the budget has no room for it (nor to join it). */
    byte[] gzip(byte[] body, int level) {
        gzipped = new HeldBytes(budget, Integer.MAX_VALUE);
        return Compression.gzip(body, level, gzipped);
    }

    /** Lets go of what is held and gives its room back: once the answer is sent, or kept by the cache. */
    void release() {
        held.release();
        if (gzipped != null) {
            gzipped.release();
        }
    }

    /** From now on the body goes out as it comes, starting with what was held. */
    private void overflow() throws IOException {
        overflowed = true;
        out = super.getOutputStream();
        held.writeTo(out);
        held.release();
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new HeldStream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void setContentLength(int length) {
        // Not passed on: the page cache declares the length of what it sends. The body is held in one piece as long.
        held.expect(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        held.expect(length);
    }

    @Override
    public void setHeader(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            expect(value);
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            expect(value);
        } else {
            super.addHeader(name, value);
        }
    }

    private void expect(String length) {
        try {
            held.expect(Long.parseLong(length));
        } catch (NumberFormatException e) {
            // Not a length: nothing to expect.
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (overflowed) {
            super.flushBuffer();
        }
    }

    @Override
    public void resetBuffer() {
        held.release();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        held.release();
        super.reset();
    }

    private final class HeldStream extends ServletOutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!overflowed && !held.add(bytes, offset, length)) {
                overflow();
            }
            if (overflowed) {
                out.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (overflowed) {
                out.flush();
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("Milk's pages are written blocking");
        }
    }
}
