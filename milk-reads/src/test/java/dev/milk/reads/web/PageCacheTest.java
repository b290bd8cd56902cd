package dev.milk.reads.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.HandlerMapping;

/** The page cache in front of a stand-in application that counts its renders. */
class PageCacheTest {

    private final AtomicInteger renders = new AtomicInteger();
    private volatile boolean immutable = true;
    private volatile int status = 200;
    private volatile String body = "accounts: 1\n".repeat(400);
    /** When set, the next render, its page written, says so and waits for it to be counted down. */
    private volatile CountDownLatch resume;
    private final CountDownLatch rendered = new CountDownLatch(1);
    /** The stand-in application's routes, as its controllers would declare them. */
    private static final PageRoutes ROUTES = PageRoutes.of(Map.of("/raid/{id}", List.of(), "/raid/{id}.json",
            List.of("cursor"), "/raid/{id}.csv", List.of(), "/archive/{id}", List.of("after", "q"), "/archive/{id}.json",
            List.of("cursor", "q")));

    /** How long a kept page is trusted here: short, so the tests wait little for a refresh. */
    private static final Duration REVALIDATE = Duration.ofMillis(200);
    private final PageCache cache = cache(1 << 20, 64 << 10);

    private static PageCache cache(int maxBytes, int maxPageBytes) {
        return cache(maxBytes, maxPageBytes, 16 << 20);
    }

    private static PageCache cache(int maxBytes, int maxPageBytes, long captureBytes) {
        return cache(maxBytes, maxPageBytes, captureBytes, REVALIDATE);
    }

    private static PageCache cache(int maxBytes, int maxPageBytes, long captureBytes, Duration revalidate) {
        return new PageCache(maxBytes, maxPageBytes, captureBytes, revalidate, () -> ROUTES, new SimpleMeterRegistry());
    }

    /** The application: a text page with a strong tag that honours If-None-Match as Spring does. */
    private final HttpServlet application = new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            renders.incrementAndGet();
            // As Spring MVC: the route that answered, which a page is kept under.
            request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                    ROUTES.find(PathContainer.parsePath(request.getRequestURI())).pattern().getPatternString());
            String cursor = request.getParameter("cursor");
            // A page names where it starts, briefly: a long cursor costs its key, not its body.
            String body = cursor == null ? PageCacheTest.this.body
                    : PageCacheTest.this.body + "from " + cursor.substring(0, Math.min(cursor.length(), 20)) + "\n";
            String etag = "\"" + body.length() + "\"";
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(304);
                return;
            }
            if (immutable) {
                PageCache.immutable(new ServletWebRequest(request));
            }
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "max-age=86400, public");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            CountDownLatch held = resume;
            if (held != null) {
                resume = null;
                rendered.countDown();
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    };

    private MockHttpServletResponse get(String target, String... headers) throws Exception {
        return get(cache, target, headers);
    }

    private MockHttpServletResponse get(PageCache pages, String target, String... headers) throws Exception {
        int query = target.indexOf('?');
        var request = new MockHttpServletRequest("GET", query < 0 ? target : target.substring(0, query));
        if (query >= 0) {
            request.setQueryString(target.substring(query + 1));
            for (String pair : target.substring(query + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                request.addParameter(parts[0], parts.length == 1 ? "" : parts[1]);
            }
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        var response = new MockHttpServletResponse();
        pages.doFilter(request, response, new MockFilterChain(application));
        return response;
    }

    @Test
    void anImmutablePageIsRenderedOnceAndServedAsRendered() throws Exception {
        var first = get("/raid/a");
        var second = get("/raid/a");
        assertThat(renders).hasValue(1);
        assertThat(second.getContentAsString()).isEqualTo(body).isEqualTo(first.getContentAsString());
        assertThat(second.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(second.getHeader("ETag")).isEqualTo("\"4800\"");
        assertThat(second.getHeader("Cache-Control")).isEqualTo("max-age=86400, public");
        assertThat(second.getContentLength()).isEqualTo(body.length());
        assertThat(second.getHeader("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void gzipIsMadeOnceAndHasItsOwnTag() throws Exception {
        get("/raid/a");
        var zipped = get("/raid/a", "Accept-Encoding", "br, gzip;q=0.8");
        assertThat(renders).hasValue(1);
        assertThat(zipped.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.getHeader("ETag")).isEqualTo("\"4800-gzip\"");
        assertThat(zipped.getContentAsByteArray().length).isLessThan(body.length() / 5);
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(zipped.getContentAsByteArray()))
                .readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(get("/raid/a", "Accept-Encoding", "gzip;q=0").getHeader("Content-Encoding")).isNull();
        assertThat(get("/raid/a", "Accept-Encoding", "identity").getHeader("Content-Encoding")).isNull();
    }

    @Test
    void eitherTagIsAnsweredNotModifiedWithoutARender() throws Exception {
        get("/raid/a");
        assertThat(get("/raid/a", "If-None-Match", "\"4800\"").getStatus()).isEqualTo(304);
        assertThat(get("/raid/a", "If-None-Match", "\"1\", \"4800-gzip\"").getStatus()).isEqualTo(304);
        assertThat(get("/raid/a", "If-None-Match", "\"1\"").getStatus()).isEqualTo(200);
        assertThat(renders).hasValue(1);
    }

    @Test
    void afterItsWhileOneRequestRendersAgainAndSeesATakedown() throws Exception {
        get("/archive/a");
        Thread.sleep(REVALIDATE.toMillis() + 50);
        status = 410;
        immutable = false;
        body = "410 Gone: this archive was taken down\n";
        var gone = get("/archive/a", "If-None-Match", "\"4800\"");
        assertThat(gone.getStatus()).isEqualTo(410);
        assertThat(gone.getContentAsString()).isEqualTo(body);
        assertThat(get("/archive/a").getStatus()).isEqualTo(410);
        assertThat(renders).hasValue(3);
    }

    @Test
    void aRefreshThatFindsThePageUnchangedKeepsServingIt() throws Exception {
        get("/raid/a");
        Thread.sleep(REVALIDATE.toMillis() + 50);
        // The client holds the page: the refresh still renders it whole, and the client gets its 304.
        assertThat(get("/raid/a", "If-None-Match", "\"4800\"").getStatus()).isEqualTo(304);
        assertThat(get("/raid/a").getContentAsString()).isEqualTo(body);
        assertThat(renders).hasValue(2);
    }

    @Test
    void livePagesAreNeverKeptButStillCompressed() throws Exception {
        immutable = false;
        get("/raid/live");
        body = "accounts: 2\n".repeat(400) + "one more\n";
        var fresh = get("/raid/live", "Accept-Encoding", "gzip");
        assertThat(renders).hasValue(2);
        assertThat(fresh.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(fresh.getContentAsByteArray()))
                .readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void errorsAndCrossOriginRequestsAreKeptApart() throws Exception {
        status = 404;
        get("/raid/x");
        get("/raid/x");
        assertThat(renders).hasValue(2);
        status = 200;
        get("/raid/y");
        get("/raid/y", "Origin", "https://example.com");
        assertThat(renders).hasValue(4);
    }

    @Test
    void aPageOverTheCapIsStreamedAndNeverKept() throws Exception {
        body = "x".repeat(100 << 10);
        var first = get("/raid/big.csv");
        var second = get("/raid/big.csv");
        assertThat(renders).hasValue(2);
        assertThat(second.getContentAsString()).isEqualTo(body).isEqualTo(first.getContentAsString());
        assertThat(second.getHeader("Content-Encoding")).isNull();
    }

    @Test
    void aLargeKeptPageIsSentFromItsFileWhereTheConnectorCanSendfile() throws Exception {
        var large = cache(4 << 20, 1 << 20);
        body = "raider ".repeat(10_000);
        var first = new MockHttpServletRequest("GET", "/raid/a");
        first.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        large.doFilter(first, new MockHttpServletResponse(), new MockFilterChain(application));
        var request = new MockHttpServletRequest("GET", "/raid/a");
        request.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        var response = new MockHttpServletResponse();
        large.doFilter(request, response, new MockFilterChain(application));

        assertThat(renders).hasValue(1);
        assertThat(response.getContentAsByteArray()).isEmpty();
        var file = Path.of((String) request.getAttribute("org.apache.tomcat.sendfile.filename"));
        assertThat(request.getAttribute("org.apache.tomcat.sendfile.end")).isEqualTo((long) body.length());
        assertThat(response.getContentLength()).isEqualTo(body.length());
        assertThat(Files.readString(file)).isEqualTo(body);
        // Its gzip form (a few hundred bytes) is below the file threshold: sent from memory.
        var zipped = new MockHttpServletRequest("GET", "/raid/a");
        zipped.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        zipped.addHeader("Accept-Encoding", "gzip");
        var zippedResponse = new MockHttpServletResponse();
        large.doFilter(zipped, zippedResponse, new MockFilterChain(application));
        assertThat(zipped.getAttribute("org.apache.tomcat.sendfile.filename")).isNull();
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(zippedResponse.getContentAsByteArray()))
                .readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        large.destroy();
        assertThat(file).doesNotExist();
    }

    /** Tomcat cannot send a file that is gone: the page goes from memory, whole, never headers alone. */
    @Test
    void aKeptPageWhoseFileIsGoneIsSentWholeFromMemory() throws Exception {
        var large = cache(4 << 20, 1 << 20);
        body = "raider ".repeat(10_000);
        var first = new MockHttpServletRequest("GET", "/raid/a");
        first.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        large.doFilter(first, new MockHttpServletResponse(), new MockFilterChain(application));
        var sent = new MockHttpServletRequest("GET", "/raid/a");
        sent.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        large.doFilter(sent, new MockHttpServletResponse(), new MockFilterChain(application));
        Files.delete(Path.of((String) sent.getAttribute("org.apache.tomcat.sendfile.filename")));

        var request = new MockHttpServletRequest("GET", "/raid/a");
        request.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
        var response = new MockHttpServletResponse();
        large.doFilter(request, response, new MockFilterChain(application));
        assertThat(renders).hasValue(1);
        assertThat(request.getAttribute("org.apache.tomcat.sendfile.filename")).isNull();
        assertThat(response.getContentAsString()).isEqualTo(body);
        large.destroy();
    }

    @Test
    void headAnswersFromTheKeptPageWithoutABody() throws Exception {
        get("/raid/a");
        var request = new MockHttpServletRequest("HEAD", "/raid/a");
        var response = new MockHttpServletResponse();
        cache.doFilter(request, response, new MockFilterChain(application));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentLength()).isEqualTo(body.length());
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(renders).hasValue(1);
    }

    /**
     * A client that reads what it is sent as it comes, keeping only its length and digest: what the
     * answers hold on the heap is the cache's alone.
     */
    private static final class Reader extends HttpServletResponseWrapper {

        private final MessageDigest digest = sha256();
        private long length;
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int count) {
                digest.update(bytes, offset, count);
                length += count;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };

        Reader() {
            super(new MockHttpServletResponse());
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long heapInUse() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void concurrentLargePagesAreAnsweredWholeWhileTheirCapturesStayWithinTheirBudget() throws Exception {
        int requests = 32;
        int pageBytes = 768 << 10;
        long captureBudget = 2 << 20;
        var pages = cache(32 << 20, 4 << 20, captureBudget);
        // One body for every request, made before measuring: the heap the answers take is the cache's.
        byte[] page = "raider joined\n".repeat(pageBytes / 14 + 1).substring(0, pageBytes).getBytes(StandardCharsets.UTF_8);
        byte[] expected = sha256().digest(page);
        var written = new CountDownLatch(requests);
        var go = new CountDownLatch(1);
        HttpServlet slow = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                renders.incrementAndGet();
                request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/raid/{id}.json");
                PageCache.immutable(new ServletWebRequest(request));
                response.setContentType("application/json");
                // Half declare their length (as a String body does), half are written in pieces (as JSON is).
                if (Integer.parseInt(request.getParameter("cursor")) % 2 == 0) {
                    response.setContentLength(page.length);
                    response.getOutputStream().write(page);
                } else {
                    for (int at = 0; at < page.length; at += 8_000) {
                        response.getOutputStream().write(page, at, Math.min(8_000, page.length - at));
                    }
                }
                // Every render holds its page at once: none may wait for another to finish.
                written.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long before = heapInUse();
        List<Reader> readers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            List<Future<?>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                var request = new MockHttpServletRequest("GET", "/raid/a.json");
                request.setQueryString("cursor=" + i);
                request.addParameter("cursor", Integer.toString(i));
                var reader = new Reader();
                readers.add(reader);
                answers.add(clients.submit(() -> {
                    pages.doFilter(request, reader, new MockFilterChain(slow));
                    return null;
                }));
            }
            assertThat(written.await(30, TimeUnit.SECONDS)).as("every render wrote its page without waiting").isTrue();
            long held = heapInUse() - before;
            go.countDown();
            for (Future<?> answer : answers) {
                answer.get(30, TimeUnit.SECONDS);
            }
            assertThat(held).as("heap held by %d pages of %d KiB being made at once", requests, pageBytes >> 10)
                    .isLessThan(captureBudget + (8 << 20));
        }
        assertThat(pages.captures().peak()).as("the most the captures held").isPositive()
                .isLessThanOrEqualTo(captureBudget);
        assertThat(pages.captures().held()).as("room given back once answered").isZero();
        for (Reader reader : readers) {
            assertThat(reader.getStatus()).isEqualTo(200);
            assertThat(reader.length).isEqualTo(page.length);
            assertThat(reader.digest.digest()).isEqualTo(expected);
        }
        // With the room given back, a page is held and kept again. Its cursor is one no earlier
        // request used: which of those got room to be kept depends on the threads' timing.
        renders.set(0);
        String fresh = Integer.toString(requests + 1);
        for (int i = 0; i < 2; i++) {
            var request = new MockHttpServletRequest("GET", "/raid/a.json");
            request.setQueryString("cursor=" + fresh);
            request.addParameter("cursor", fresh);
            var reader = new Reader();
            pages.doFilter(request, reader, new MockFilterChain(slow));
            assertThat(reader.digest.digest()).isEqualTo(expected);
        }
        assertThat(renders).hasValue(1);
        pages.destroy();
    }

    /**
     * Renders {@code target} while the archive under {@code changed} changes: the render reads the
     * page from before, the writers' notification comes ({@link PageCache#forget}), the render ends.
     */
    private MockHttpServletResponse renderAcross(PageCache pages, String target, String changed) throws Exception {
        var held = new CountDownLatch(1);
        resume = held;
        try (ExecutorService visitor = Executors.newSingleThreadExecutor()) {
            Future<MockHttpServletResponse> answer = visitor.submit(() -> get(pages, target));
            assertThat(rendered.await(30, TimeUnit.SECONDS)).as("the render began").isTrue();
            pages.forget(changed);
            body = "accounts: 1, one removed\n".repeat(400);
            held.countDown();
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPageRenderedAcrossAChangeToItsArchiveIsNeverKept() throws Exception {
        // Trusted for an hour: only a change may drop the page.
        var pages = cache(1 << 20, 64 << 10, 16 << 20, Duration.ofHours(1));
        String before = body;
        assertThat(renderAcross(pages, "/archive/a.json?cursor=5", "/archive/a").getContentAsString())
                .as("the answer to the render that began before").isEqualTo(before + "from 5\n");
        assertThat(get(pages, "/archive/a.json?cursor=5").getContentAsString()).isEqualTo(body + "from 5\n");
        assertThat(get(pages, "/archive/a.json?cursor=5").getContentAsString()).isEqualTo(body + "from 5\n");
        assertThat(renders).as("rendered again once, then kept").hasValue(2);
        pages.destroy();
    }

    @Test
    void aChangeToAnotherArchiveLeavesAPageBeingRenderedToBeKept() throws Exception {
        var pages = cache(1 << 20, 64 << 10, 16 << 20, Duration.ofHours(1));
        String before = body;
        renderAcross(pages, "/archive/ab", "/archive/a");
        assertThat(get(pages, "/archive/ab").getContentAsString()).isEqualTo(before);
        assertThat(renders).hasValue(1);
        pages.destroy();
    }

    /** A query string as the probe sent: 7.8 KB of random parameters the route does not read. */
    private static String junk(Random random) {
        StringBuilder query = new StringBuilder("?");
        while (query.length() < 7_800) {
            query.append('p').append(random.nextInt(1_000)).append('=').append(Long.toString(random.nextLong(), 36))
                    .append('&');
        }
        return query.toString();
    }

    @Test
    void randomQueryStringsGetTheKeptPageAndNeverGrowTheCache() throws Exception {
        var random = new Random(22);
        long start = System.nanoTime();
        get("/raid/a");
        for (int i = 0; i < 2_000; i++) {
            var answer = get("/raid/a" + junk(random));
            assertThat(answer.getContentAsString()).isEqualTo(body);
        }
        long refreshes = (System.nanoTime() - start) / REVALIDATE.toNanos();
        assertThat(renders.get()).as("renders: the first and the refreshes, none for the parameters")
                .isLessThanOrEqualTo(1 + (int) refreshes);
        assertThat(cache.size()).isEqualTo(1);
        // Spelt other ways (encoded letters, a path parameter), it is still the one page.
        get("/r%61id/%61;jsessionid=x");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void differentValuesOfAParameterTheRouteReadsAreDifferentPages() throws Exception {
        var first = get("/raid/a.json?cursor=1");
        var second = get("/raid/a.json?cursor=2");
        var firstAgain = get("/raid/a.json?utm_source=x&cursor=1");
        var none = get("/raid/a.json");
        assertThat(renders).hasValue(3);
        assertThat(first.getContentAsString()).endsWith("from 1\n").isEqualTo(firstAgain.getContentAsString());
        assertThat(second.getContentAsString()).endsWith("from 2\n");
        assertThat(none.getContentAsString()).isEqualTo(body);
    }

    @Test
    void anEntryWeighsItsKeyNotOnlyItsBody() throws Exception {
        // Long values of a parameter the route reads: each a page of its own, its key larger than its body.
        var random = new Random(8);
        for (int i = 0; i < 500; i++) {
            get("/raid/a.json?cursor=" + junk(random).substring(1).replace('&', '.').replace('=', '.'));
        }
        long keyBytes = 7_800;
        long bodyBytes = body.length();
        assertThat(cache.size() * (keyBytes + bodyBytes)).as("what the kept pages hold, at the least")
                .isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void keptFilesStayWithinTheBudgetAndLeaveWithTheirPages() throws Exception {
        var small = cache(1 << 20, 1 << 20);
        body = "raider ".repeat(15_000);
        Path folder = null;
        for (int i = 0; i < 60; i++) {
            var request = new MockHttpServletRequest("GET", "/raid/a.json");
            request.setQueryString("cursor=" + i);
            request.addParameter("cursor", Integer.toString(i));
            request.setAttribute("org.apache.tomcat.sendfile.support", Boolean.TRUE);
            small.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(application));
            Object file = request.getAttribute("org.apache.tomcat.sendfile.filename");
            if (file != null) {
                folder = Path.of((String) file).getParent();
            }
            assertThat(folder).isNotNull();
            assertThat(bytesIn(folder)).as("files after page %d", i).isLessThanOrEqualTo(1 << 20);
        }
        Path kept = folder;
        // Not one for each kept page: which pages Caffeine admits depends on when its frequency
        // sketch starts counting, and a page kept while the files of evicted ones still await
        // deletion has none (it is sent from memory). The evicted pages' files go.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(filesIn(kept))
                .as("the kept pages' files, no more").isEqualTo(small.keptFiles()));
        small.destroy();
    }

    private static long bytesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static long filesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }
}
