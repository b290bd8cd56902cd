package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PageKeyTest {

    private static final PageRoutes ROUTES = PageRoutes.of(Map.of("/raid/{id}", List.of(), "/raid/{id}.json",
            List.of("cursor")));

    private static PageKey key(String path, String... parameters) {
        var request = new MockHttpServletRequest("GET", path);
        for (int i = 0; i < parameters.length; i += 2) {
            request.addParameter(parameters[i], parameters[i + 1]);
        }
        return PageKey.of(request, ROUTES);
    }

    @Test
    void aPageIsItsRouteItsPathDecodedAndTheParametersTheRouteReads() {
        PageKey key = key("/raid/a.json", "cursor", "x", "utm_source", "y");
        assertThat(key.route()).isEqualTo("/raid/{id}.json");
        assertThat(key.path()).isEqualTo("/raid/a.json");
        assertThat(key.parameters()).containsExactly("x");
        assertThat(key).isEqualTo(key("/raid/a.json", "cursor", "x"));
        assertThat(key("/raid/a.json").parameters()).isEqualTo(Arrays.asList((String) null));
        assertThat(key("/raid/a.json", "cursor", "x", "cursor", "y").parameters()).containsExactly("x,y");
    }

    @Test
    void oneSpellingOfAPath() {
        assertThat(key("/r%61id/%61;jsessionid=x")).isEqualTo(key("/raid/a"));
    }

    @Test
    void crossOriginRequestsAreKeptApart() {
        var request = new MockHttpServletRequest("GET", "/raid/a");
        request.addHeader("Origin", "https://example.com");
        assertThat(PageKey.of(request, ROUTES)).isNotEqualTo(key("/raid/a"));
        assertThat(PageKey.of(request, ROUTES).cors()).isTrue();
    }

    @Test
    void noKeyWhereNoRouteMayKeepIt() {
        assertThat(key("/archive/a")).as("no such route").isNull();
        assertThat(key("/raid/%ZZ")).as("cannot be decoded").isNull();
    }

    @Test
    void aKeyWeighsWhatItHolds() {
        assertThat(key("/raid/a.json", "cursor", "x".repeat(1_000)).weight())
                .isGreaterThan(key("/raid/a.json", "cursor", "x").weight() + 1_000);
    }
}
