package dev.milk.reads.web;

import java.io.ByteArrayOutputStream;
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
 * nowhere. The held-back length is the page cache's to declare, so the application's own
 * {@code Content-Length} is not passed on while the body is held.
 */
final class CapturedResponse extends HttpServletResponseWrapper {

    private final int limit;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(8_192);
    private boolean overflowed;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CapturedResponse(HttpServletResponse response, int limit) {
        super(response);
        this.limit = limit;
    }

    /** The whole body, or null when it outgrew the limit and went out as it came. */
    byte[] body() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        return overflowed ? null : held.toByteArray();
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
        // Held: the page cache declares the length of what it sends.
    }

    @Override
    public void setContentLengthLong(long length) {
        // As setContentLength.
    }

    @Override
    public void setHeader(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.addHeader(name, value);
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
        held.reset();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        held.reset();
        super.reset();
    }

    private final class HeldStream extends ServletOutputStream {

        private ServletOutputStream out;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!overflowed && held.size() + length > limit) {
                overflowed = true;
                out = CapturedResponse.super.getOutputStream();
                held.writeTo(out);
                held.reset();
            }
            if (overflowed) {
                out.write(bytes, offset, length);
            } else {
                held.write(bytes, offset, length);
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
