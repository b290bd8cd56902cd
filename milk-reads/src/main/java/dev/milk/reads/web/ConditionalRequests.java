package dev.milk.reads.web;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The conditional requests the page cache answers itself: {@code If-None-Match} against a kept
 * page's tag, in either of its encodings, and the request a refresh renders without its conditions.
 */
final class ConditionalRequests {

    private ConditionalRequests() {
    }

    /** A strong tag names one sequence of bytes: the gzip form gets its own (as Apache's {@code -gzip}). */
    static String gzipTag(String etag) {
        return etag.endsWith("\"") ? etag.substring(0, etag.length() - 1) + "-gzip\"" : etag;
    }

    /** Whether {@code If-None-Match} names the page tagged {@code etag}, in either encoding. */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag) || candidate.equals(gzipTag(etag))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request without its conditions: the application answers it in full (a refresh must yield
     * the whole page, even for a client that holds it; the cache answers that client after).
     */
    static HttpServletRequest unconditional(HttpServletRequest request) {
        return new Unconditional(request);
    }

    private static final class Unconditional extends HttpServletRequestWrapper {

        private static final Set<String> CONDITIONS = Set.of("if-none-match", "if-modified-since", "if-match",
                "if-unmodified-since", "if-range");

        Unconditional(HttpServletRequest request) {
            super(request);
        }

        private static boolean condition(String name) {
            return CONDITIONS.contains(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String getHeader(String name) {
            return condition(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return condition(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public long getDateHeader(String name) {
            return condition(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !condition(name)).toList());
        }
    }
}
