package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.DispatcherType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SendFileTest {

    @TempDir
    private Path folder;

    private PageFiles.KeptFile file() throws IOException {
        Path page = Files.write(folder.resolve("page-1"), new byte[60_000]);
        return new PageFiles.KeptFile(page, 60_000);
    }

    private static MockHttpServletRequest request(boolean supported) {
        var request = new MockHttpServletRequest("GET", "/raid/a");
        if (supported) {
            request.setAttribute(SendFile.SUPPORTED, Boolean.TRUE);
        }
        return request;
    }

    @Test
    void tomcatIsToldWhichFileAndHowMuchOfIt() throws IOException {
        var request = request(true);
        var file = file();
        assertThat(SendFile.supported(request)).isTrue();
        assertThat(SendFile.send(request, new MockHttpServletResponse(), file, 60_000)).isTrue();
        assertThat(request.getAttribute(SendFile.FILENAME)).isEqualTo(file.path().toString());
        assertThat(request.getAttribute(SendFile.START)).isEqualTo(0L);
        assertThat(request.getAttribute(SendFile.END)).isEqualTo(60_000L);
    }

    @Test
    void withoutAFileAConnectorThatCanOrAPlainDispatchTheBodyIsWritten() throws IOException {
        var file = file();
        var unsupported = request(false);
        assertThat(SendFile.supported(unsupported)).isFalse();
        assertThat(SendFile.send(unsupported, new MockHttpServletResponse(), file, 60_000)).isFalse();
        assertThat(SendFile.send(request(true), new MockHttpServletResponse(), null, 60_000)).isFalse();
        var async = request(true);
        async.setDispatcherType(DispatcherType.ASYNC);
        assertThat(SendFile.send(async, new MockHttpServletResponse(), file, 60_000)).isFalse();
        assertThat(async.getAttribute(SendFile.FILENAME)).isNull();
    }

    /** Tomcat would send the headers, fail to open the file and close the connection: no bytes at all. */
    @Test
    void aFileGoneOrAnAnswerAlreadyCommittedIsWrittenFromMemory() throws IOException {
        var file = file();
        var committed = new MockHttpServletResponse();
        committed.setCommitted(true);
        var request = request(true);
        assertThat(SendFile.send(request, committed, file, 60_000)).isFalse();
        Files.delete(file.path());
        assertThat(SendFile.send(request, new MockHttpServletResponse(), file, 60_000)).isFalse();
        assertThat(request.getAttribute(SendFile.FILENAME)).isNull();
    }
}
