package dev.milk.reads.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * A kept answer (always a 200): the headers the application set, the body as is and gzipped (null
 * when it is not {@link Compression#compressible}), each as a file too where it is worth sending
 * one, and when it was rendered.
 */
record KeptPage(List<Map.Entry<String, String>> headers, String contentType, String etag, byte[] identity,
        byte[] gzip, PageFiles.KeptFile identityFile, PageFiles.KeptFile gzipFile, long renderedAt,
        AtomicBoolean refreshing) {

    /** The answer {@code captured} holds, with its {@code body} and its {@code gzip}, kept as files too when {@code files}. */
    static KeptPage of(HttpServletResponse captured, byte[] body, byte[] gzip, PageFiles files, boolean asFiles) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : captured.getHeaderNames()) {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.VARY.equalsIgnoreCase(name)) {
                captured.getHeaders(name).forEach(value -> headers.add(Map.entry(name, value)));
            }
        }
        return new KeptPage(Collections.unmodifiableList(headers), captured.getContentType(),
                captured.getHeader(HttpHeaders.ETAG), body, gzip, asFiles ? files.keep(body) : null,
                asFiles ? files.keep(gzip) : null, System.nanoTime(), new AtomicBoolean());
    }

    /**
     * Whether this copy answers a request now: while it is trusted ({@code trustNanos} after its
     * render), and after that too, except for the one request that renders it again.
     */
    boolean answers(long trustNanos) {
        return System.nanoTime() - renderedAt < trustNanos || !refreshing.compareAndSet(false, true);
    }

    /** Answers {@code request} with this page: a 304 to a client that holds it, else the form it accepts. */
    void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean zipped = gzip != null && Compression.accepted(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        String tag = etag == null ? null : zipped ? ConditionalRequests.gzipTag(etag) : etag;
        for (var header : headers) {
            if (!HttpHeaders.ETAG.equalsIgnoreCase(header.getKey())) {
                response.setHeader(header.getKey(), header.getValue());
            }
        }
        if (tag != null) {
            response.setHeader(HttpHeaders.ETAG, tag);
        }
        if (gzip != null) {
            response.setHeader(HttpHeaders.VARY, Compression.vary(null));
        }
        if (tag != null && ConditionalRequests.notModified(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = zipped ? gzip : identity;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        if (zipped) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.setContentLength(body.length);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        if (!SendFile.send(request, response, zipped ? gzipFile : identityFile, body.length)) {
            response.getOutputStream().write(body);
        }
    }

    /** Lets its files go (they are deleted once no send of them may be starting). */
    void release(PageFiles files) {
        files.release(identityFile);
        files.release(gzipFile);
    }

    /** The heap it holds, besides its key: bytes, strings and the objects around them. */
    long weight() {
        long weight = 256 + 16 + identity.length + (gzip == null ? 0 : 16 + gzip.length) + text(contentType)
                + text(etag);
        for (var header : headers) {
            weight += 32 + text(header.getKey()) + text(header.getValue());
        }
        return weight;
    }

    /** A string's heap: its object and array, and two bytes a character at most. */
    static long text(String value) {
        return value == null ? 0 : 40 + 2L * value.length();
    }
}
