package dev.milk.reads.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;

/** The page cache in front of a stand-in application that counts its renders. */
class PageCacheTest {

    private final AtomicInteger renders = new AtomicInteger();
    private volatile boolean immutable = true;
    private volatile int status = 200;
    private volatile String body = "accounts: 1\n".repeat(400);
    private final PageCache cache = new PageCache(1 << 20, 64 << 10, new SimpleMeterRegistry());

    /** The application: a text page with a strong tag that honours If-None-Match as Spring does. */
    private final HttpServlet application = new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            renders.incrementAndGet();
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
        }
    };

    private MockHttpServletResponse get(String path, String... headers) throws Exception {
        var request = new MockHttpServletRequest("GET", path);
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        var response = new MockHttpServletResponse();
        cache.doFilter(request, response, new MockFilterChain(application));
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
    void afterHalfASecondOneRequestRendersAgainAndSeesATakedown() throws Exception {
        get("/archive/a");
        Thread.sleep(PageCache.REVALIDATE_NANOS / 1_000_000 + 50);
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
        Thread.sleep(PageCache.REVALIDATE_NANOS / 1_000_000 + 50);
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
        var large = new PageCache(4 << 20, 1 << 20, new SimpleMeterRegistry());
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
        var file = java.nio.file.Path.of((String) request.getAttribute("org.apache.tomcat.sendfile.filename"));
        assertThat(request.getAttribute("org.apache.tomcat.sendfile.end")).isEqualTo((long) body.length());
        assertThat(response.getContentLength()).isEqualTo(body.length());
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(body);
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
}
