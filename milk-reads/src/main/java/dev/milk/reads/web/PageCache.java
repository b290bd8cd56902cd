package dev.milk.reads.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UriUtils;
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
 * <p>A page is kept under its route's address (the path, decoded and without path parameters)
 * and the values of the query parameters that route reads ({@link PageRoutes}); any other
 * parameter is ignored, as the controller ignores it. Refusing unknown parameters with a 400
 * would break links that sites and link shorteners decorate ({@code ?utm_source=}, {@code
 * ?fbclid=}) for nothing: ignored, they change no answer, so they get the kept page and can
 * neither make a render nor push a real page out. An entry weighs what it holds on the heap (its
 * key, headers and both bodies), and its files on disk are bounded by the same budget.
 *
 * <p>A kept page is trusted for a while ({@code MILK_READS_CACHE_REVALIDATE}, half a second); after
 * that, one request renders it again through the application while the others are still answered
 * from the copy, so an expiry reaches every replica within that while plus one render, and the
 * database sees at most one render a while per hot page. A change the writers announce (a
 * removal, a takedown: {@link #forget}) does not wait for it: the archive's pages are dropped at
 * once, and a page whose render began before is not kept, as it may have read the archive before
 * the change. Any other answer (live pages, errors, 304s, bodies over the size cap or refused
 * capture room) passes through, compressed per request when the client accepts gzip and there is
 * room. Requests carrying an {@code Origin} are kept apart from the others (CORS answers differ).
 */
public final class PageCache extends OncePerRequestFilter {

    /** Tomcat's request attribute: the connector can send a file with sendfile(2). */
    private static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    private static final String IMMUTABLE = PageCache.class.getName() + ".immutable";
    /** The request's {@link Rendering}: a streamed page is finished in a later dispatch. */
    private static final String RENDERING = PageCache.class.getName() + ".rendering";
    /** Stripes of the count of changes announced: a power of two, few enough to weigh nothing. */
    private static final int STRIPES = 1 << 10;
    /** Under this, gzip's header and the CPU cost more than the bytes saved. */
    private static final int COMPRESS_FROM = 1_024;

    private final Cache<PageKey, Page> pages;
    private final int maxPageBytes;
    private final CaptureBudget captures;
    private final long revalidateNanos;
    private final PageFiles files;
    private final Supplier<PageRoutes> routes;
    /**
     * The changes announced to each path ({@link #forget}), summed by stripe of the path's hash: a
     * render notes the sum for its page before it reads anything, and its page is kept only if no
     * change to a path holding it came since. Two paths sharing a stripe only cost a render.
     */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    /** Held to keep a page and to forget pages, so no page is kept between a change's count and its drop. */
    private final Object keeping = new Object();

    /**
     * Where a page is kept: its route, its address decoded (one page, however its path is spelt)
     * and the values of the parameters the route reads, in the route's order (null: absent).
     */
    record PageKey(String route, String path, List<String> parameters, boolean cors) {

        long weight() {
            long weight = 64 + text(route) + text(path);
            for (String value : parameters) {
                weight += 8 + text(value);
            }
            return weight;
        }
    }

    /** A page being rendered, and the changes to the paths holding it counted before the render began. */
    private record Rendering(PageKey key, long changes) {
    }

    /** A kept answer (always a 200): the headers the application set, the body as is and gzipped. */
    private record Page(List<Map.Entry<String, String>> headers, String contentType, String etag,
            byte[] identity, byte[] gzip, PageFiles.KeptFile identityFile, PageFiles.KeptFile gzipFile, long renderedAt,
            AtomicBoolean refreshing) {

        /** The heap it holds, besides its key: bytes, strings and the objects around them. */
        long weight() {
            long weight = 256 + 16 + identity.length + (gzip == null ? 0 : 16 + gzip.length) + text(contentType)
                    + text(etag);
            for (var header : headers) {
                weight += 32 + text(header.getKey()) + text(header.getValue());
            }
            return weight;
        }
    }

    /** A string's heap: its object and array, and two bytes a character at most. */
    private static long text(String value) {
        return value == null ? 0 : 40 + 2L * value.length();
    }

    /**
     * @param maxBytes     the heap all kept pages may hold, and the disk all their files may
     * @param maxPageBytes a larger answer is streamed, never kept
     * @param captureBytes the heap all answers being made may hold together while the cache holds
     *                     them back (to keep, compress or measure them): one refused room is streamed
     * @param revalidate   how long a kept page is trusted before one request renders it again
     * @param routes       the routes and the parameters they read, asked for at the first request
     *                     (Spring MVC's mappings exist only once the application has started)
     * @param meters       where the cache's hits, misses and evictions are counted (as cache {@code pages})
     */
    public PageCache(long maxBytes, int maxPageBytes, long captureBytes, Duration revalidate,
            Supplier<PageRoutes> routes, MeterRegistry meters) {
        this.maxPageBytes = maxPageBytes;
        this.captures = new CaptureBudget(captureBytes, meters);
        this.revalidateNanos = revalidate.toNanos();
        this.files = new PageFiles(maxBytes);
        this.routes = SingletonSupplier.of(routes);
        this.pages = Caffeine.newBuilder().maximumWeight(maxBytes).recordStats()
                .<PageKey, Page>weigher((key, page) -> (int) Math.min(Integer.MAX_VALUE, key.weight() + page.weight()))
                .removalListener((PageKey key, Page page, RemovalCause cause) -> {
                    if (page != null) {
                        files.release(page.identityFile());
                        files.release(page.gzipFile());
                    }
                })
                .build();
        CaffeineCacheMetrics.monitor(meters, pages, "pages");
    }

    /** The room the answers being made hold now, and the most they ever held at once. */
    CaptureBudget captures() {
        return captures;
    }

    /** How many pages are kept, after any pending eviction. */
    long size() {
        pages.cleanUp();
        return pages.estimatedSize();
    }

    @Override
    public void destroy() {
        pages.invalidateAll();
        pages.cleanUp();
        files.close();
    }

    /**
     * Drops every kept answer of the pages under {@code path} ({@code /archive/AbC}: its pages, its
     * JSON, its transcript, its searches), so the next request renders them again; and one being
     * rendered now will not be kept, as it may have read them from before the change.
     */
    public void forget(String path) {
        synchronized (keeping) {
            changes.incrementAndGet(stripe(path.hashCode()));
            pages.asMap().keySet().removeIf(key -> key.path().startsWith(path)
                    && (key.path().length() == path.length() || "./".indexOf(key.path().charAt(path.length())) >= 0));
        }
    }

    /**
     * The changes counted to every path {@link #forget} drops a page at {@code path} for: itself and
     * each of its beginnings that ends before a {@code .} or {@code /}.
     */
    private long changes(String path) {
        long count = 0;
        int hash = 0;
        for (int i = 0; i < path.length(); i++) {
            // As String.hashCode, a character at a time: each beginning's hash on the way.
            hash = 31 * hash + path.charAt(i);
            if (i + 1 == path.length() || "./".indexOf(path.charAt(i + 1)) >= 0) {
                count += changes.get(stripe(hash));
            }
        }
        return count;
    }

    private static int stripe(int hash) {
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }

    /**
     * Marks the answer being made as one that never changes: the cache may keep it, keyed by the
     * route and its {@code @RequestParam}s. A route whose answer depends on anything else of the
     * request (another parameter, a header other than {@code Origin}) must not call this.
     */
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
            render(request, request, response, resumed, chain);
            return;
        }
        PageKey key;
        try {
            key = key(request);
        } catch (InvalidParameterException e) {
            // Tomcat refuses a query string only once: the route, which answers the refusal, hears it again.
            chain.doFilter(new Unsplittable(request, e), response);
            return;
        }
        Page kept = null;
        if (key != null) {
            kept = pages.getIfPresent(key);
            if (kept != null && (System.nanoTime() - kept.renderedAt() < revalidateNanos
                    || !kept.refreshing().compareAndSet(false, true))) {
                send(key, kept, request, response);
                return;
            }
            request.setAttribute(RENDERING, new Rendering(key, changes(key.path())));
        }
        CapturedResponse captured = new CapturedResponse(response, maxPageBytes, captures);
        // A refresh must yield the whole page, even for a client that holds it (answered below).
        render(request, kept == null ? request : new Unconditional(request), captured, captured, chain);
    }

    /**
     * Has the application answer {@code asked} into {@code captured} (which {@code response} is or
     * wraps), then finishes the answer to {@code request}, unless it goes on in an async dispatch (a
     * streamed body): the capture's room is given back when it is done.
     */
    private void render(HttpServletRequest request, HttpServletRequest asked, HttpServletResponse response,
            CapturedResponse captured, FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(asked, response);
            if (!request.isAsyncStarted()) {
                finish(request, captured);
            }
        } catch (IOException | ServletException | RuntimeException e) {
            drop((Rendering) request.getAttribute(RENDERING));
            throw e;
        } finally {
            if (!request.isAsyncStarted()) {
                captured.release();
            } else {
                // Its last dispatch gives the room back; this, should the request end without one.
                request.getAsyncContext().addListener(new Release(captured));
            }
        }
    }

    private void finish(HttpServletRequest request, CapturedResponse captured) throws IOException {
        Rendering rendering = (Rendering) request.getAttribute(RENDERING);
        PageKey key = rendering == null ? null : rendering.key();
        byte[] body = captured.body();
        if (body == null) {
            drop(rendering);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) captured.getResponse();
        boolean compressible = compressible(captured.getContentType(), body.length);
        boolean immutable = Boolean.TRUE.equals(request.getAttribute(IMMUTABLE));
        byte[] gzip = null;
        if (key != null && immutable && captured.getStatus() == 200 && "GET".equals(request.getMethod())
                && key.route().equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))) {
            gzip = compressible ? captured.gzip(body, Deflater.BEST_COMPRESSION) : null;
            // Without room to compress it, it is sent as it is and not kept: a kept page has both forms.
            if (gzip != null || !compressible) {
                Page page = page(captured, body, gzip, Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED)));
                keep(rendering, page);
                // Its bytes are the cache's to count from now on (or garbage, when it came too late).
                captured.release();
                send(key, page, request, response);
                return;
            }
        } else if (compressible && acceptsGzip(request)) {
            gzip = captured.gzip(body, Deflater.DEFAULT_COMPRESSION);
        }
        drop(rendering);
        byte[] sent = gzip == null ? body : gzip;
        if (gzip != null) {
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

    /** Gives a streamed answer's capture room back however its request ends. */
    private record Release(CapturedResponse captured) implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            captured.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // The same request, still to end.
        }
    }

    private void drop(Rendering rendering) {
        if (rendering != null) {
            pages.invalidate(rendering.key());
        }
    }

    /**
     * Keeps the page unless a change to its archive was announced since its render began: it may
     * have been read before the change (a removal, a takedown) and would undo its drop. Nor is the
     * copy it was to refresh kept (a change to a path of the same stripe left it): the next request
     * renders the page again.
     */
    private void keep(Rendering rendering, Page page) {
        synchronized (keeping) {
            if (changes(rendering.key().path()) == rendering.changes()) {
                pages.put(rendering.key(), page);
                return;
            }
            pages.invalidate(rendering.key());
        }
        files.release(page.identityFile());
        files.release(page.gzipFile());
    }

    /** A request whose query string Tomcat could not split: each look at its parameters says so. */
    private static final class Unsplittable extends HttpServletRequestWrapper {

        private final InvalidParameterException refusal;

        Unsplittable(HttpServletRequest request, InvalidParameterException refusal) {
            super(request);
            this.refusal = refusal;
        }

        @Override
        public String getParameter(String name) {
            throw refusal;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            throw refusal;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            throw refusal;
        }

        @Override
        public String[] getParameterValues(String name) {
            throw refusal;
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

    private Page page(CapturedResponse captured, byte[] body, byte[] gzip, boolean sendfile) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : captured.getHeaderNames()) {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.VARY.equalsIgnoreCase(name)) {
                captured.getHeaders(name).forEach(value -> headers.add(Map.entry(name, value)));
            }
        }
        return new Page(Collections.unmodifiableList(headers), captured.getContentType(),
                captured.getHeader(HttpHeaders.ETAG), body, gzip, sendfile ? files.keep(body) : null,
                sendfile ? files.keep(gzip) : null, System.nanoTime(), new AtomicBoolean());
    }

    private void send(PageKey key, Page page, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // Answered without Spring MVC, which names the route: the request's metrics still file it under it.
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(key.route()));
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
        PageFiles.KeptFile file = gzip ? page.gzipFile() : page.identityFile();
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
            request.setAttribute("org.apache.tomcat.sendfile.filename", file.path().toString());
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

    /**
     * The key of the page {@code request} asks for; null when no route may keep it (no route
     * answers it, or its path cannot be decoded: the application answers those itself).
     */
    private PageKey key(HttpServletRequest request) {
        try {
            PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                    .pathWithinApplication();
            PageRoutes.Route route = routes.get().find(path);
            if (route == null) {
                return null;
            }
            List<String> values = new ArrayList<>(route.parameters().size());
            for (String name : route.parameters()) {
                String[] given = request.getParameterValues(name);
                // As Spring binds several values to one String parameter: joined by commas.
                values.add(given == null ? null : String.join(",", given));
            }
            return new PageKey(route.pattern().getPatternString(), canonical(path), Collections.unmodifiableList(values),
                    request.getHeader(HttpHeaders.ORIGIN) != null);
        } catch (IllegalArgumentException e) {
            // A path that cannot be decoded: the application answers it, never kept.
            return null;
        }
    }

    /** One spelling of a path: each segment decoded, stripped of its path parameters, encoded again. */
    private static String canonical(PathContainer path) {
        StringBuilder canonical = new StringBuilder();
        for (PathContainer.Element element : path.elements()) {
            canonical.append(element instanceof PathContainer.PathSegment segment
                    ? UriUtils.encodePathSegment(segment.valueToMatch(), StandardCharsets.UTF_8) : element.value());
        }
        return canonical.toString();
    }

    private static boolean compressible(String contentType, int length) {
        return length >= COMPRESS_FROM && contentType != null
                && (contentType.startsWith("text/") || contentType.startsWith("application/json")
                        || contentType.startsWith("application/yaml"));
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
}
