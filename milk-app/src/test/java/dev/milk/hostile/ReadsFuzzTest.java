package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.milk.MilkApplication;
import dev.milk.client.MilkArchiveClient;
import dev.milk.client.MilkClientSettings;
import dev.milk.client.MilkRaidClient;
import dev.milk.raid.RaidUser;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ten thousand generated requests against a running Milk: hostile ids, cursors and paths (raw
 * percent signs, {@code ..}, control bytes, 8,000 characters), encodings, every method, and
 * headers (If-None-Match, Range, Accept, Origin, X-Forwarded-For) in every combination. Not one
 * may be answered with a 5xx, close without an answer, or show a stack trace or a class name.
 * The seed is fixed: a run is reproducible (RELIABILITY.md records its counts).
 */
class ReadsFuzzTest {

    private static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "org.springframework", "dev.milk.",
            "Apache Tomcat", "Whitelabel", "stackTrace", "trace\"");

    private static ConfigurableApplicationContext milk;
    private static int port;
    private static String raid;
    private static String archive;

    @BeforeContainer
    static void start() throws Exception {
        MilkTestInfrastructure.install();
        // Topics of its own: a second group on the shared ones would replay every other test's records.
        milk = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=all", "--milk.http.port=0",
                "--milk.reads.rate-limit.per-second=0", "--milk.writes.raid.topic=raid-management-fuzz",
                "--milk.writes.archive.topic=message-archives-fuzz");
        port = ((WebServerApplicationContext) milk).getWebServer().getPort();
        try (var raids = new MilkRaidClient(MilkClientSettings.raids(TestKafka.bootstrapServers())
                     .withTopic("raid-management-fuzz"));
             var archives = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers())
                     .withTopic("message-archives-fuzz"))) {
            String raidId = "fuzz-" + System.nanoTime();
            raid = raids.createRaid(raidId, "81384788765712384").get(30, TimeUnit.SECONDS).publicId();
            raids.insertUsers(raidId, "81384788765712384", List.of(new RaidUser("1300000000000000001", "fuzzed",
                    null, 1_700_000_000_000L, 1_763_899_000_000L))).get(30, TimeUnit.SECONDS);
            archive = archives.create(new dev.milk.archive.ArchiveEvent.Created(raidId, "1", "2", "general", null,
                    "3", 1_763_899_000_000L, null)).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterContainer
    static void stop() {
        if (milk != null) {
            milk.close();
        }
    }

    record Request(String method, String target, Map<String, String> headers) {
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just("GET")), net.jqwik.api.Tuple.of(2, Arbitraries.just("HEAD")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
                        "PROPFIND", "get", "X-MILK")));
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.of("..", "%2e%2e", "%2F", "%00", "%", "%zz", "%ff%fe", "%E2%80%AE", ";jsessionid=1", "\\",
                        "AAAAAAAAAAAA", "-1", "0", "99999999999999999999", "null", "undefined", "<script>", "%3Cscript%3E",
                        "'", "\"", "|", "{", "}", "^", "`", " ", "\t", "é"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40),
                Arbitraries.strings().withChars("A_-9%./").ofMinLength(100).ofMaxLength(8_000));
        Arbitrary<String> ids = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(raid)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(archive)),
                net.jqwik.api.Tuple.of(4, junk.list().ofMaxSize(4).map(parts -> String.join("", parts))));
        Arbitrary<String> routes = Combinators.combine(Arbitraries.of("/raid/", "/antispam/", "/archive/", "/", "//raid/",
                "/raid/../archive/", "/actuator/", "/actuator/health/", "/s/", "/guild/"), ids,
                Arbitraries.of("", "", ".json", ".html", ".csv", ".txt", "/", "//", ".json/", ".JSON", ".json.json",
                        "/views", "/views.json", "/privacy", "/privacy.json", "/privacy/user/1.json"))
                .as((prefix, id, suffix) -> prefix + id + suffix);
        Arbitrary<String> queries = Arbitraries.oneOf(Arbitraries.just(""),
                junk.map(j -> "?cursor=" + j), junk.map(j -> "?after=" + j), junk.map(j -> "?before=" + j),
                Arbitraries.of("?cursor=2025-11-23T12:00:00Z", "?cursor=&cursor=x", "?after=1&after=2", "?q", "?=", "?&&"));
        Arbitrary<String> targets = Combinators.combine(routes, queries).as(String::concat);
        Arbitrary<Map<String, String>> headers = Combinators.combine(
                Arbitraries.of("", "*", "\"x\"", "W/\"abc\"", "\"" + "a".repeat(2_000) + "\"", "garbage", "\"a\", \"b\""),
                Arbitraries.of("", "bytes=0-10", "bytes=-5", "bytes=99999999999-", "bytes=5-1", "items=0-1", "bytes=0-1,2-3"),
                Arbitraries.of("", "*/*", "text/html", "application/json", "image/png", "text/plain;q=0", "garbage/",
                        "application/json;q=0, */*;q=0"),
                Arbitraries.of("", "https://evil.example", "null"),
                Arbitraries.of("", "1.2.3.4", "evil", "::1, 10.0.0.1", "999.999.999.999"),
                Arbitraries.of("", "gzip", "br;q=1, identity;q=0", "*;q=0"))
                .as((etag, range, accept, origin, forwardedFor, encoding) -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    putIf(map, "If-None-Match", etag);
                    putIf(map, "Range", range);
                    putIf(map, "Accept", accept);
                    putIf(map, "Origin", origin);
                    putIf(map, "X-Forwarded-For", forwardedFor);
                    putIf(map, "Accept-Encoding", encoding);
                    return map;
                });
        return Combinators.combine(methods, targets, headers).as(Request::new);
    }

    private static void putIf(Map<String, String> map, String name, String value) {
        if (!value.isEmpty()) {
            map.put(name, value);
        }
    }

    @Property(tries = 10_000, seed = "2026112409")
    void noRequestGetsA5xxOrSeesInsideMilk(@ForAll("requests") Request request) {
        RawHttp.Response answer = RawHttp.send(port, request.method(), request.target(), request.headers());
        Statistics.collect(answer.status() / 100 + "xx");
        assertThat(answer.status()).as("%s %s %s", request.method(), request.target(), request.headers())
                .isBetween(200, 499);
        for (String leak : LEAKS) {
            assertThat(answer.body()).as("%s %s: body shows %s", request.method(), request.target(), leak)
                    .doesNotContain(leak);
        }
    }
}
