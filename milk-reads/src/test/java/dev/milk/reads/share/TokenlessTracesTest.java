package dev.milk.reads.share;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A span of a request names a share link's route, never its token; every other address as it was asked. */
class TokenlessTracesTest {

    private final TokenlessTraces traces = new TokenlessTraces();

    @Test
    void aShareLinksTokenNeverReachesASpan() {
        assertThat(url("/s/Zm9yZ2VkLXRva2VuLW9mLWZvcnR5LXRocmVlLWNoYXJz")).isEqualTo("/s/{token}");
        assertThat(url("/archive/AbCdEfGhIjKl")).isEqualTo("/archive/AbCdEfGhIjKl");
    }

    private String url(String path) {
        var context = new ServerRequestObservationContext(new MockHttpServletRequest("GET", path),
                new MockHttpServletResponse());
        return traces.getHighCardinalityKeyValues(context).stream().filter(kv -> kv.getKey().equals("http.url"))
                .findFirst().orElseThrow().getValue();
    }
}
