package dev.milk.reads.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.WebUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Keeps the pages that can never change (a concluded raid, a sealed archive: their controllers
 * call {@link #immutable}) as bytes, identity and gzip, both made once, and answers them without
 * touching Spring MVC or the database: what nginx does for a file, in front of the application.
 *
 * <p>A kept page is trusted for {@link #REVALIDATE_NANOS half a second}; after that, one request
 * renders it again through the application while the others are still answered from the copy,
 * so a takedown or an expiry reaches every replica within half a second plus one render, and the
 * database sees at most two renders a second per hot page. Any other answer (live pages, errors,
 * 304s, bodies over the size cap) passes through, compressed per request when the client accepts
 * gzip. Requests carrying an {@code Origin} are kept apart from the others (CORS answers differ).
 */
public final class PageCache extends OncePerRequestFilter {

    static final long REVALIDATE_NANOS = 500_000_000L;
    /** Tomcat's request attribute: the connector can send a file with sendfile(2). */
    private static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    private static final String IMMUTABLE = PageCache.class.getName() + ".immutable";
    /** Under this, gzip's header and the CPU cost more than the bytes saved. */
    private static final int COMPRESS_FROM = 1_024;

    private final Cache<String, Page> pages;
    private final int maxPageBytes;
    private final PageFiles files;

    /** A kept answer (always a 200): the headers the application set, the body as is and gzipped. */
    private record Page(String route, List<Map.Entry<String, String>> headers, String contentType, String etag,
            byte[] identity, byte[] gzip, Path identityFile, Path gzipFile, long renderedAt, AtomicBoolean refreshing) {

        int weight() {
            return identity.length + (gzip == null ? 0 : gzip.length) + 512;
        }
    }

    /** @param meters where the cache's hits, misses and evictions are counted (as cache {@code pages}) */
    public PageCache(long maxBytes, int maxPageBytes, MeterRegistry meters) {
        this.maxPageBytes = maxPageBytes;
        this.files = new PageFiles();
        this.pages = Caffeine.newBuilder().maximumWeight(maxBytes).recordStats()
                .<String, Page>weigher((key, page) -> page.weight())
                .removalListener((String key, Page page, RemovalCause cause) -> {
                    if (page != null) {
                        files.release(page.identityFile());
                        files.release(page.gzipFile());
                    }
                })
                .build();
        CaffeineCacheMetrics.monitor(meters, pages, "pages");
    }

    @Override
    public void destroy() {
        pages.invalidateAll();
        pages.cleanUp();
        files.close();
    }

    /**
     * Drops every kept answer of the pages under {@code path} ({@code /archive/AbC}: its pages, its
     * JSON, its transcript, its searches), so the next request renders them again.
     */
    public void forget(String path) {
        pages.asMap().keySet().removeIf(key -> key.startsWith(path) && (key.length() == path.length()
                || ".?/ ".indexOf(key.charAt(path.length())) >= 0));
    }

    /** Marks the answer being made as one that never changes: the cache may keep it. */
    public static void immutable(WebRequest request) {
        request.setAttribute(IMMUTABLE, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        // Media copies stream as they are read (up to 50 MB each, in ranges): never held to be kept.
        return !("GET".equals(method) || "HEAD".equals(method)) || request.getRequestURI().startsWith("/actuator/")
                || request.getRequestURI().startsWith("/media/");
    }

    /** A streamed body (StreamingResponseBody) ends in an async dispatch: the page is finished there. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CapturedResponse resumed = WebUtils.getNativeResponse(response, CapturedResponse.class);
        if (resumed != null) {
            chain.doFilter(request, response);
            finish(request, resumed);
            return;
        }
        String key = key(request);
        Page kept = pages.getIfPresent(key);
        if (kept != null && (System.nanoTime() - kept.renderedAt() < REVALIDATE_NANOS
                || !kept.refreshing().compareAndSet(false, true))) {
            send(kept, request, response);
            return;
        }
        CapturedResponse captured = new CapturedResponse(response, maxPageBytes);
        try {
            // A refresh must yield the whole page, even for a client that holds it (answered below).
            chain.doFilter(kept == null ? request : new Unconditional(request), captured);
        } catch (IOException | ServletException | RuntimeException e) {
            pages.invalidate(key);
            throw e;
        }
        finish(request, captured);
    }

    private void finish(HttpServletRequest request, CapturedResponse captured) throws IOException {
        if (request.isAsyncStarted()) {
            return;
        }
        String key = key(request);
        byte[] body = captured.body();
        if (body == null) {
            pages.invalidate(key);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) captured.getResponse();
        boolean immutable = Boolean.TRUE.equals(request.getAttribute(IMMUTABLE));
        if (immutable && captured.getStatus() == 200 && "GET".equals(request.getMethod())) {
            Page page = keep(request, captured, body, Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED)));
            pages.put(key, page);
            send(page, request, response);
            return;
        }
        pages.invalidate(key);
        boolean compressible = compressible(captured.getContentType(), body.length);
        boolean gzip = compressible && acceptsGzip(request);
        byte[] sent = gzip ? gzip(body, Deflater.DEFAULT_COMPRESSION) : body;
        if (gzip) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (compressible) {
            response.setHeader(HttpHeaders.VARY, vary(response.getHeader(HttpHeaders.VARY)));
        }
        response.setContentLength(sent.length);
        if (sent.length > 0) {
            response.getOutputStream().write(sent);
        }
    }

    /** The request without its conditions: the application answers it in full. */
    private static final class Unconditional extends HttpServletRequestWrapper {

        private static final Set<String> CONDITIONS = Set.of("if-none-match", "if-modified-since", "if-match",
                "if-unmodified-since", "if-range");

        Unconditional(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return CONDITIONS.contains(name.toLowerCase(Locale.ROOT)) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CONDITIONS.contains(name.toLowerCase(Locale.ROOT)) ? Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public long getDateHeader(String name) {
            return CONDITIONS.contains(name.toLowerCase(Locale.ROOT)) ? -1 : super.getDateHeader(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !CONDITIONS.contains(name.toLowerCase(Locale.ROOT))).toList());
        }
    }

    private Page keep(HttpServletRequest request, CapturedResponse captured, byte[] body, boolean sendfile) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : captured.getHeaderNames()) {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.VARY.equalsIgnoreCase(name)) {
                captured.getHeaders(name).forEach(value -> headers.add(Map.entry(name, value)));
            }
        }
        String type = captured.getContentType();
        byte[] gzip = compressible(type, body.length) ? gzip(body, Deflater.BEST_COMPRESSION) : null;
        String route = ServerHttpObservationFilter.findObservationContext(request)
                .map(ServerRequestObservationContext::getPathPattern).orElse(null);
        return new Page(route, Collections.unmodifiableList(headers), type,
                captured.getHeader(HttpHeaders.ETAG), body, gzip, sendfile ? files.keep(body) : null,
                sendfile ? files.keep(gzip) : null, System.nanoTime(), new AtomicBoolean());
    }

    private void send(Page page, HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Answered without Spring MVC, which names the route: the request's metrics still file it under it.
        if (page.route() != null) {
            ServerHttpObservationFilter.findObservationContext(request)
                    .ifPresent(context -> context.setPathPattern(page.route()));
        }
        boolean gzip = page.gzip() != null && acceptsGzip(request);
        String etag = page.etag() == null ? null : gzip ? gzipTag(page.etag()) : page.etag();
        for (var header : page.headers()) {
            if (!HttpHeaders.ETAG.equalsIgnoreCase(header.getKey())) {
                response.setHeader(header.getKey(), header.getValue());
            }
        }
        if (etag != null) {
            response.setHeader(HttpHeaders.ETAG, etag);
        }
        if (page.gzip() != null) {
            response.setHeader(HttpHeaders.VARY, vary(null));
        }
        if (etag != null && matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), page.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = gzip ? page.gzip() : page.identity();
        Path file = gzip ? page.gzipFile() : page.identityFile();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(page.contentType());
        if (gzip) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.setContentLength(body.length);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        // Tomcat sends a file only at the end of a plain dispatch, not of the async one of a streamed body.
        if (file != null && request.getDispatcherType() == DispatcherType.REQUEST
                && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            // As nginx does: the kernel copies the file to the socket, the bytes never cross the heap.
            request.setAttribute("org.apache.tomcat.sendfile.filename", file.toString());
            request.setAttribute("org.apache.tomcat.sendfile.start", 0L);
            request.setAttribute("org.apache.tomcat.sendfile.end", (long) body.length);
        } else {
            response.getOutputStream().write(body);
        }
    }

    /** A strong tag names one sequence of bytes: the gzip form gets its own (as Apache's {@code -gzip}). */
    private static String gzipTag(String etag) {
        return etag.endsWith("\"") ? etag.substring(0, etag.length() - 1) + "-gzip\"" : etag;
    }

    /** Whether {@code If-None-Match} names this page, in either encoding. */
    private static boolean matches(String ifNoneMatch, String etag) {
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

    private static String vary(String existing) {
        return existing == null || existing.isBlank() ? HttpHeaders.ACCEPT_ENCODING
                : existing.contains(HttpHeaders.ACCEPT_ENCODING) ? existing : existing + ", " + HttpHeaders.ACCEPT_ENCODING;
    }

    private static String key(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query)
                + (request.getHeader(HttpHeaders.ORIGIN) == null ? "" : " cors");
    }

    private static boolean compressible(String contentType, int length) {
        return length >= COMPRESS_FROM && contentType != null
                && (contentType.startsWith("text/") || contentType.startsWith("application/json"));
    }

    /** {@code gzip} listed in {@code Accept-Encoding}, and not refused with {@code q=0}. */
    private static boolean acceptsGzip(HttpServletRequest request) {
        String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (accepted == null) {
            return false;
        }
        for (String coding : accepted.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip();
            if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip().replace(" ", "");
                    if (parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body, int level) {
        var bytes = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var out = new GZIPOutputStream(bytes, 8_192) {
            {
                def.setLevel(level);
            }
        }) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
