package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.milk.settings.SettingException;

class TrustedProxiesTest {

    private static String client(List<String> trusted, String remote, String forwardedFor) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return new TrustedProxies(trusted).client(request);
    }

    @Test
    void byDefaultNoHeaderIsBelieved() {
        assertThat(client(List.of(), "127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedProxyNamesTheNearestUntrustedAddress() {
        List<String> proxies = List.of("10.0.0.0/8", "::1/128");
        assertThat(client(proxies, "10.1.2.3", "203.0.113.7, 10.0.0.5")).isEqualTo("203.0.113.7");
        assertThat(client(proxies, "::1", "198.51.100.2")).isEqualTo("198.51.100.2");
        // A visitor who writes the header himself only adds addresses to its left.
        assertThat(client(proxies, "10.1.2.3", "1.1.1.1, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(client(proxies, "10.1.2.3", "evil.example, 10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(client(proxies, "10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void anUntrustedConnectionIsItsOwnClient() {
        assertThat(client(List.of("10.0.0.0/8"), "192.0.2.9", "203.0.113.7")).isEqualTo("192.0.2.9");
    }

    @Test
    void aBadRangeStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("MILK_READS_TRUSTED_PROXIES holds '10.0.0.0/33'");
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example")))
                .isInstanceOf(SettingException.class);
    }
}
