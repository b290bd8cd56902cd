package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

/** A visitor may only read: what other methods and cross-site scripts get; the management routes are on a port of their own. */
class ReadsHardeningTest extends MilkEndToEndTest {

    @Test
    void onlyGetAndHeadRead() {
        String raid = publish(newRaidId(), accounts(700_000_000_000_000_000L, 3, 1_763_899_000_000L, 1));
        for (String route : List.of("/raid/" + raid, "/raid/" + raid + ".json", "/raid/" + raid + ".csv",
                "/archive/AAAAAAAAAAAA", "/antispam/" + raid)) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "PROPFIND")) {
                RawHttp.Response answer = RawHttp.send(port, method, route, Map.of("Content-Length", "0"));
                assertThat(answer.status()).as(method + " " + route).isEqualTo(405);
                assertThat(answer.headers().get("allow")).as(method + " " + route).contains("GET").doesNotContain("POST");
                assertThat(answer.body()).isEqualTo("405 Method Not Allowed: Milk only reads, with GET, HEAD, OPTIONS\n");
            }
            assertThat(RawHttp.send(port, "TRACE", route, Map.of()).status()).as("TRACE " + route).isEqualTo(405);
            RawHttp.Response options = RawHttp.send(port, "OPTIONS", route, Map.of());
            assertThat(options.status()).as("OPTIONS " + route).isEqualTo(200);
            assertThat(options.headers().get("allow")).contains("GET").doesNotContain("POST");
        }
        assertThat(RawHttp.send(port, "HEAD", "/raid/" + raid, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theJsonApiMayBeReadCrossSiteAndNothingElse() {
        String raid = publish(newRaidId(), accounts(710_000_000_000_000_000L, 3, 1_763_899_000_000L, 1));
        String origin = "https://dashboard.example";
        RawHttp.Response json = RawHttp.send(port, "GET", "/raid/" + raid + ".json", Map.of("Origin", origin));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.headers().get("access-control-allow-origin")).isEqualTo("*");
        assertThat(json.headers()).doesNotContainKey("access-control-allow-credentials");

        RawHttp.Response preflight = RawHttp.send(port, "OPTIONS", "/raid/" + raid + ".json",
                Map.of("Origin", origin, "Access-Control-Request-Method", "GET"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers().get("access-control-allow-methods")).isEqualTo("GET,HEAD");
        RawHttp.Response refused = RawHttp.send(port, "OPTIONS", "/raid/" + raid + ".json",
                Map.of("Origin", origin, "Access-Control-Request-Method", "DELETE"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body())
                .isEqualTo("403 Forbidden: other sites' scripts may only read the JSON API, with GET or HEAD\n");
        assertThat(RawHttp.send(port, "GET", "/openapi.json", Map.of("Origin", origin)).headers()
                .get("access-control-allow-origin")).isEqualTo("*");

        RawHttp.Response page = RawHttp.send(port, "GET", "/raid/" + raid, Map.of("Origin", origin));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers()).as("pages are not for other sites' scripts").doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void thePublicPortAnswersNoManagementRoute() {
        for (String route : List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/info",
                "/actuator/prometheus", "/actuator/env", "/actuator/heapdump")) {
            RawHttp.Response answer = RawHttp.send(port, "GET", route, Map.of());
            assertThat(answer.status()).as(route).isEqualTo(404);
            assertThat(answer.body()).as(route).doesNotContain("jvm_").doesNotContain("kafka").doesNotContain("UP");
        }
    }

    @Test
    void theManagementPortShowsHealthInfoAndMetricsOnlyAndNoSecret() {
        assertThat(managementPort).isNotEqualTo(port);
        for (String hidden : List.of("env", "configprops", "beans", "heapdump", "threaddump", "loggers", "mappings",
                "shutdown", "conditions", "scheduledtasks", "metrics")) {
            assertThat(RawHttp.send(managementPort, "GET", "/actuator/" + hidden, Map.of()).status()).as(hidden)
                    .isEqualTo(404);
        }
        String exposed = RawHttp.send(managementPort, "GET", "/actuator", Map.of()).body();
        assertThat(exposed).contains("/actuator/health").contains("/actuator/prometheus").doesNotContain("/actuator/env");
        for (String shown : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus")) {
            RawHttp.Response answer = RawHttp.send(managementPort, "GET", shown, Map.of());
            assertThat(answer.status()).as(shown).isEqualTo(200);
            assertThat(answer.body()).as(shown).doesNotContain("reads-secret").doesNotContainIgnoringCase("password");
        }
    }
}
