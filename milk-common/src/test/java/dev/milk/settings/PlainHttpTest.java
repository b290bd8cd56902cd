package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** Plain http for a loopback address only, decided by the name as written, never by a DNS answer. */
class PlainHttpTest {

    @Test
    void plainHttpIsForLoopbackOnly() {
        for (String url : new String[] {"http://127.0.0.1:8080", "http://localhost/", "http://[::1]:80", "https://milk.example",
            "HTTP://LOCALHOST"}) {
            PlainHttp.requireLoopback("MILK_PUBLIC_URL", URI.create(url));
        }
        for (String url : new String[] {"http://milk.example", "http://10.0.0.1", "http://127.0.0.1.evil.example",
            "http://localhost.evil.example", "http:/no-host"}) {
            assertThatThrownBy(() -> PlainHttp.requireLoopback("MILK_PUBLIC_URL", URI.create(url))).as(url)
                    .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.variable()).isEqualTo("MILK_PUBLIC_URL"))
                    .hasMessageContaining("plain http is only for a loopback address");
        }
    }

    @Test
    void onlyPlainHttpToLoopbackGoesWithoutSecureCookies() {
        assertThat(PlainHttp.onLoopback(URI.create("http://127.0.0.1:8080"))).isTrue();
        assertThat(PlainHttp.onLoopback(URI.create("https://localhost"))).isFalse();
        assertThat(PlainHttp.onLoopback(URI.create("http://milk.example"))).isFalse();
    }
}
