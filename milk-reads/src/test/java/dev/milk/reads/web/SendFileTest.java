package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import jakarta.servlet.DispatcherType;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class SendFileTest {

    private final PageFiles.KeptFile file = new PageFiles.KeptFile(Path.of("/tmp/milk-pages-x/page-1"), 60_000);

    private static MockHttpServletRequest request(boolean supported) {
        var request = new MockHttpServletRequest("GET", "/raid/a");
        if (supported) {
            request.setAttribute(SendFile.SUPPORTED, Boolean.TRUE);
        }
        return request;
    }

    @Test
    void tomcatIsToldWhichFileAndHowMuchOfIt() {
        var request = request(true);
        assertThat(SendFile.supported(request)).isTrue();
        assertThat(SendFile.send(request, file, 60_000)).isTrue();
        assertThat(request.getAttribute(SendFile.FILENAME)).isEqualTo("/tmp/milk-pages-x/page-1");
        assertThat(request.getAttribute(SendFile.START)).isEqualTo(0L);
        assertThat(request.getAttribute(SendFile.END)).isEqualTo(60_000L);
    }

    @Test
    void withoutAFileAConnectorThatCanOrAPlainDispatchTheBodyIsWritten() {
        var unsupported = request(false);
        assertThat(SendFile.supported(unsupported)).isFalse();
        assertThat(SendFile.send(unsupported, file, 60_000)).isFalse();
        assertThat(SendFile.send(request(true), null, 60_000)).isFalse();
        var async = request(true);
        async.setDispatcherType(DispatcherType.ASYNC);
        assertThat(SendFile.send(async, file, 60_000)).isFalse();
        assertThat(async.getAttribute(SendFile.FILENAME)).isNull();
    }
}
