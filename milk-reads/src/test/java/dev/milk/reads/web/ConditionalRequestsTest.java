package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ConditionalRequestsTest {

    @Test
    void theGzipFormHasATagOfItsOwn() {
        assertThat(ConditionalRequests.gzipTag("\"4800\"")).isEqualTo("\"4800-gzip\"");
        assertThat(ConditionalRequests.gzipTag("unquoted")).isEqualTo("unquoted");
    }

    @Test
    void eitherTagWeakOrStrongOrAnyIsNotModified() {
        assertThat(ConditionalRequests.notModified("\"4800\"", "\"4800\"")).isTrue();
        assertThat(ConditionalRequests.notModified("\"1\", \"4800-gzip\"", "\"4800\"")).isTrue();
        assertThat(ConditionalRequests.notModified("W/\"4800\"", "\"4800\"")).isTrue();
        assertThat(ConditionalRequests.notModified("*", "\"4800\"")).isTrue();
        assertThat(ConditionalRequests.notModified("\"1\"", "\"4800\"")).isFalse();
        assertThat(ConditionalRequests.notModified("\"4800-br\"", "\"4800\"")).isFalse();
        assertThat(ConditionalRequests.notModified(null, "\"4800\"")).isFalse();
    }

    @Test
    void anUnconditionalRequestHidesEveryConditionAndNothingElse() {
        var request = new MockHttpServletRequest("GET", "/raid/a");
        request.addHeader("If-None-Match", "\"4800\"");
        request.addHeader("If-Modified-Since", "Sat, 05 Dec 2026 00:00:00 GMT");
        request.addHeader("if-range", "\"4800\"");
        request.addHeader("Accept-Encoding", "gzip");
        var refresh = ConditionalRequests.unconditional(request);
        assertThat(refresh.getHeader("IF-NONE-MATCH")).isNull();
        assertThat(refresh.getHeaders("If-None-Match").hasMoreElements()).isFalse();
        assertThat(refresh.getDateHeader("If-Modified-Since")).isEqualTo(-1);
        assertThat(refresh.getHeader("If-Range")).isNull();
        assertThat(refresh.getHeader("Accept-Encoding")).isEqualTo("gzip");
        assertThat(Collections.list(refresh.getHeaderNames())).containsExactly("Accept-Encoding");
        assertThat(request.getHeader("If-None-Match")).as("the request itself").isEqualTo("\"4800\"");
    }
}
