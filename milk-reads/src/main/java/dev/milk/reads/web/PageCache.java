package dev.milk.reads.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;
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
 *
 * <p>This filter decides what is kept and when; the pieces it uses stand alone: {@link PageKey}
 * (which page a request asks for), {@link KeptPage} (a kept answer, and sending it), {@link
 * ConditionalRequests} (304s and the unconditional refresh), {@link ChangeCounts} (the writers'
 * announcements a render must not miss), {@link Compression}, {@link SendFile} and {@link PageFiles}.
 */
public final class PageCache extends OncePerRequestFilter {

    private static final String IMMUTABLE = PageCache.class.getName() + ".immutable";
    /** The request's {@link Rendering}: a streamed page is finished in a later dispatch. */
    private static final String RENDERING = PageCache.class.getName() + ".rendering";

    private final Cache<PageKey, KeptPage> pages;
    private final int maxPageBytes;
    private final CaptureBudget captures;
    private final long revalidateNanos;
    private final PageFiles files;
    private final Supplier<PageRoutes> routes;
    private final ChangeCounts changes = new ChangeCounts();
    /** Held to keep a page and to forget pages, so no page is kept between a change's count and its drop. */
    private final Object keeping = new Object();

    /** A page being rendered, and the changes to the paths holding it counted before the render began. */
    private record Rendering(PageKey key, long changes) {
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
                .<PageKey, KeptPage>weigher((key, page) -> (int) Math.min(Integer.MAX_VALUE, key.weight() + page.weight()))
                .removalListener((PageKey key, KeptPage page, RemovalCause cause) -> {
                    if (page != null) {
                        page.release(files);
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

    /** How many files the kept pages hold, after any pending eviction. */
    long keptFiles() {
        pages.cleanUp();
        return pages.asMap().values().stream()
                .mapToLong(page -> (page.identityFile() == null ? 0 : 1) + (page.gzipFile() == null ? 0 : 1)).sum();
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
            changes.announce(path);
            pages.asMap().keySet().removeIf(key -> ChangeCounts.holds(path, key.path()));
        }
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
            key = PageKey.of(request, routes.get());
        } catch (InvalidParameterException e) {
            // Tomcat refuses a query string only once: the route, which answers the refusal, hears it again.
            chain.doFilter(new Unsplittable(request, e), response);
            return;
        }
        KeptPage kept = null;
        if (key != null) {
            kept = pages.getIfPresent(key);
            if (kept != null && kept.answers(revalidateNanos)) {
                send(key, kept, request, response);
                return;
            }
            request.setAttribute(RENDERING, new Rendering(key, changes.under(key.path())));
        }
        CapturedResponse captured = new CapturedResponse(response, maxPageBytes, captures);
        // A refresh must yield the whole page, even for a client that holds it (answered below).
        render(request, kept == null ? request : ConditionalRequests.unconditional(request), captured, captured, chain);
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
        boolean compressible = Compression.compressible(captured.getContentType(), body.length);
        boolean immutable = Boolean.TRUE.equals(request.getAttribute(IMMUTABLE));
        byte[] gzip = null;
        if (key != null && immutable && captured.getStatus() == 200 && "GET".equals(request.getMethod())
                && key.route().equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))) {
            gzip = compressible ? captured.gzip(body, Deflater.BEST_COMPRESSION) : null;
            // Without room to compress it, it is sent as it is and not kept: a kept page has both forms.
            if (gzip != null || !compressible) {
                KeptPage page = KeptPage.of(captured, body, gzip, files, SendFile.supported(request));
                keep(rendering, page);
                // Its bytes are the cache's to count from now on (or garbage, when it came too late).
                captured.release();
                send(key, page, request, response);
                return;
            }
        } else if (compressible && Compression.accepted(request.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
            // A live answer, compressed for this request only (Compression says why not by Boot's server.compression).
            gzip = captured.gzip(body, Deflater.DEFAULT_COMPRESSION);
        }
        drop(rendering);
        byte[] sent = gzip == null ? body : gzip;
        if (gzip != null) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (compressible) {
            response.setHeader(HttpHeaders.VARY, Compression.vary(response.getHeader(HttpHeaders.VARY)));
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
    private void keep(Rendering rendering, KeptPage page) {
        synchronized (keeping) {
            if (changes.under(rendering.key().path()) == rendering.changes()) {
                pages.put(rendering.key(), page);
                return;
            }
            pages.invalidate(rendering.key());
        }
        page.release(files);
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

    private void send(PageKey key, KeptPage page, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // Answered without Spring MVC, which names the route: the request's metrics still file it under it.
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(key.route()));
        page.send(request, response);
    }
}
