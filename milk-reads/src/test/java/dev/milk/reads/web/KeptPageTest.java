package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A kept page answering on its own, without the filter or an application in front of it. */
class KeptPageTest {

    private static final byte[] BODY = "accounts: 1\n".repeat(400).getBytes(StandardCharsets.UTF_8);
    private static final byte[] GZIP = Compression.gzip(BODY, Deflater.BEST_COMPRESSION,
            new HeldBytes(new CaptureBudget(1 << 20, new SimpleMeterRegistry()), Integer.MAX_VALUE));

    private static KeptPage page(byte[] gzip, PageFiles.KeptFile file, long renderedAt) {
        return new KeptPage(List.of(Map.entry("Cache-Control", "max-age=86400, public"), Map.entry("ETag", "\"4800\"")),
                "text/plain;charset=UTF-8", "\"4800\"", BODY, gzip, file, null, renderedAt, new AtomicBoolean());
    }

    private static MockHttpServletResponse send(KeptPage page, MockHttpServletRequest request) throws IOException {
        var response = new MockHttpServletResponse();
        page.send(request, response);
        return response;
    }

    private static MockHttpServletRequest get(String... headers) {
        var request = new MockHttpServletRequest("GET", "/raid/a");
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void identityWithItsHeadersTagAndLength() throws IOException {
        var response = send(page(GZIP, null, 0), get());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsByteArray()).isEqualTo(BODY);
        assertThat(response.getContentLength()).isEqualTo(BODY.length);
        assertThat(response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(response.getHeader("ETag")).isEqualTo("\"4800\"");
        assertThat(response.getHeaders("ETag")).hasSize(1);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=86400, public");
        assertThat(response.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(response.getHeader("Content-Encoding")).isNull();
    }

    @Test
    void gzipWithItsOwnTagToAClientThatAcceptsIt() throws IOException {
        var response = send(page(GZIP, null, 0), get("Accept-Encoding", "gzip"));
        assertThat(response.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(response.getHeader("ETag")).isEqualTo("\"4800-gzip\"");
        assertThat(response.getContentLength()).isEqualTo(GZIP.length);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(response.getContentAsByteArray())).readAllBytes())
                .isEqualTo(BODY);
    }

    @Test
    void aPageWithoutAGzipFormIsSentAsItIsAndVariesOnNothing() throws IOException {
        var response = send(page(null, null, 0), get("Accept-Encoding", "gzip"));
        assertThat(response.getHeader("Content-Encoding")).isNull();
        assertThat(response.getHeader("Vary")).isNull();
        assertThat(response.getContentAsByteArray()).isEqualTo(BODY);
    }

    @Test
    void aClientHoldingEitherFormGetsA304WithoutABody() throws IOException {
        var identity = send(page(GZIP, null, 0), get("If-None-Match", "\"4800-gzip\""));
        assertThat(identity.getStatus()).isEqualTo(304);
        assertThat(identity.getContentAsByteArray()).isEmpty();
        assertThat(identity.getHeader("ETag")).isEqualTo("\"4800\"");
        var zipped = send(page(GZIP, null, 0), get("If-None-Match", "\"4800\"", "Accept-Encoding", "gzip"));
        assertThat(zipped.getStatus()).isEqualTo(304);
        assertThat(zipped.getHeader("ETag")).isEqualTo("\"4800-gzip\"");
    }

    @Test
    void headDeclaresTheLengthWithoutTheBody() throws IOException {
        var response = send(page(GZIP, null, 0), new MockHttpServletRequest("HEAD", "/raid/a"));
        assertThat(response.getContentLength()).isEqualTo(BODY.length);
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void itsFileIsSentWhereTheConnectorCan(@TempDir Path folder) throws IOException {
        var file = new PageFiles.KeptFile(Files.write(folder.resolve("page-1"), BODY), BODY.length);
        var request = get();
        request.setAttribute(SendFile.SUPPORTED, Boolean.TRUE);
        var response = send(page(GZIP, file, 0), request);
        assertThat(request.getAttribute(SendFile.FILENAME)).isEqualTo(file.path().toString());
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(response.getContentLength()).isEqualTo(BODY.length);
        assertThat(send(page(GZIP, file, 0), get()).getContentAsByteArray()).as("where it cannot").isEqualTo(BODY);
    }

    @Test
    void whileTrustedItAnswersEveryoneThenAllButOneRefresh() {
        var fresh = page(GZIP, null, System.nanoTime());
        assertThat(fresh.answers(60_000_000_000L)).isTrue();
        assertThat(fresh.answers(60_000_000_000L)).isTrue();
        var stale = page(GZIP, null, System.nanoTime() - 1_000_000_000L);
        assertThat(stale.answers(1_000L)).as("the one request that renders it again").isFalse();
        assertThat(stale.answers(1_000L)).as("the others, meanwhile").isTrue();
        assertThat(stale.answers(1_000L)).isTrue();
    }

    @Test
    void anEntryWeighsItsBodiesAndHeaders() {
        assertThat(page(GZIP, null, 0).weight()).isGreaterThan(BODY.length + GZIP.length)
                .isGreaterThan(page(null, null, 0).weight());
    }
}
