package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.milk.reads.RouteSlice;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.StreamedAnswers;

/** The raid's routes through Spring MVC, on the real database (as {@code ArchiveControllerTest}). */
@RouteSlice
@Import(RaidControllerTest.Routes.class)
class RaidControllerTest {

    @Autowired
    private MockMvcTester mvc;
    @Autowired
    private JdbcClient jdbc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        RaidController raidController(DataSource dataSource) {
            return new RaidController(new RaidQueries(dataSource), new RaidAnalyses(dataSource, Clock.systemUTC(), Duration.ofMinutes(1)),
                    new StreamedAnswers(Duration.ofMinutes(1)), ArchiveAccess.withoutLogin(dataSource));
        }

        @Bean
        RaidRepeatsController raidRepeatsController(DataSource dataSource) {
            return new RaidRepeatsController(new RaidQueries(dataSource), new RaidRepeats(dataSource),
                    ArchiveAccess.withoutLogin(dataSource));
        }
    }

    @Test
    void eachFormHasItsType() {
        var rows = RaidRows.create(jdbc).joined(10, "=cmd|calc", 0, 2).joined(20, "Bob", 1, 900).concluded();

        assertThat(mvc.get().uri("/raid/{id}", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("text/plain;charset=UTF-8").bodyText()
                .startsWith("Userbot raid detected against server " + RaidRows.GUILD + " on 2025-11-23\n");
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("application/json").bodyJson().extractingPath("$.users.data[1].name").isEqualTo("Bob");
        assertThat(mvc.get().uri("/raid/{id}.html", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("text/html;charset=UTF-8").bodyText().contains("<td class=\"young\">2 d</td>");
        assertThat(mvc.get().uri("/raid/{id}.csv", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("text/csv;charset=UTF-8").bodyText()
                .isEqualTo("id,name,joined_at,created_at\r\n"
                        + "10,\"'=cmd|calc\",2025-11-23T12:00:00.000Z,2025-11-21T12:00:00.000Z\r\n"
                        + "20,\"Bob\",2025-11-23T12:00:01.000Z,2023-06-07T12:00:01.000Z\r\n");
    }

    @Test
    void aConcludedRaidIsCachedForADayAndALiveOneForSeconds() {
        var live = RaidRows.create(jdbc).joined(10, "a", 0, 2);
        var ended = RaidRows.create(jdbc).joined(10, "a", 0, 2).concluded();

        assertThat(mvc.get().uri("/raid/{id}.json", live.publicId).exchange()).headers()
                .hasValue("Cache-Control", "max-age=10, public");
        assertThat(mvc.get().uri("/raid/{id}.json", ended.publicId).exchange()).headers()
                .hasValue("Cache-Control", "max-age=86400, public");
    }

    @Test
    void aBadCursorIsRefusedWithOneLine() {
        var rows = RaidRows.create(jdbc).joined(10, "a", 0, 2);

        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).param("cursor", "not-a-cursor").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType("text/plain;charset=UTF-8")
                .bodyText().isEqualTo("400 Bad Request: cursor is not a 'next' value of this API\n");
        assertThat(mvc.get().uri("/raid/{id}.html", rows.publicId).param("cursor", "0000-01-01T00:00:00Z").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText()
                .isEqualTo("400 Bad Request: cursor is a time outside the years 1 to 9999\n");
    }

    @Test
    void anUnknownRaidIsNotFoundAndTheOriginalRouteRedirects() {
        assertThat(mvc.get().uri("/raid/nosuchid.json").exchange()).hasStatus(HttpStatus.NOT_FOUND)
                .bodyText().isEqualTo("404 Not Found: no raid has this id\n");
        assertThat(mvc.get().uri("/antispam/abc").exchange()).hasStatus(HttpStatus.MOVED_PERMANENTLY)
                .headers().hasValue("Location", "/raid/abc");
    }

    private static final List<String> ROUTES = List.of("/raid/{id}", "/raid/{id}.txt", "/raid/{id}.json",
            "/raid/{id}.html", "/raid/{id}.csv", "/raid/{id}/ids.txt");

    @Test
    void everyRouteAnswersTheFilteredAccountsOnly() throws Exception {
        var rows = RaidRows.create(jdbc).joined(10, "young raider1", 0, 2).joined(20, "old raider2", 1, 900)
                .joined(30, "young other", 2, 1).concluded();
        for (String route : ROUTES) {
            String body = mvc.get().uri(route + "?maxAgeDays=7&name=RAIDER", rows.publicId).exchange().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).as(route).contains("10").doesNotContain("old raider2").doesNotContain("20\n")
                    .doesNotContain("young other");
        }
        assertThat(mvc.get().uri("/raid/{id}/ids.txt?maxAgeDays=7", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("text/plain;charset=UTF-8").bodyText().isEqualTo("10\n30\n");
        assertThat(mvc.get().uri("/raid/{id}.txt?cluster=prefix:young", rows.publicId).exchange()).bodyText()
                .contains("Matching cluster=prefix:young: 2 accounts\n").contains("\n10\n30\n")
                .isEqualTo(mvc.get().uri("/raid/{id}?cluster=prefix:young", rows.publicId).exchange().getResponse()
                        .getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(mvc.get().uri("/raid/{id}.json?name=young", rows.publicId).exchange()).bodyJson()
                .extractingPath("$.filter.name").isEqualTo("young");
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).exchange()).bodyJson()
                .doesNotHavePath("$.filter").doesNotHavePath("$.users.nextUrl").doesNotHavePath("$.raid.guildName");
    }

    @Test
    void theFilteredPageShowsItsFormItsBanListAndLinksCarryingTheFilter() {
        var rows = RaidRows.create(jdbc).crowd(450);
        var page = mvc.get().uri("/raid/{id}.html", rows.publicId).param("joinedAfter", "2025-11-23T13:00:00+01:00")
                .param("name", "user1").exchange();

        assertThat(page).hasStatusOk().bodyText()
                .contains("value=\"2025-11-23T12:00:00Z\"", "value=\"user1\"")
                .contains("<a href=\"/raid/" + rows.publicId + ".html\">Clear filters</a>")
                .contains("111 matching accounts (<a href=\"/raid/" + rows.publicId
                        + "/ids.txt?joinedAfter=2025-11-23T12:00:00Z&amp;name=user1\">ids.txt</a>)")
                .contains("<textarea id=\"ban-list\" readonly").doesNotContain("rel=\"next\"");
        assertThat(mvc.get().uri("/raid/{id}.html?name=user&maxAgeDays=2", rows.publicId).exchange()).bodyText()
                .containsPattern("rel=\"next\" href=\"/raid/" + rows.publicId
                        + "\\.html\\?cursor=[A-Za-z0-9_-]+&amp;maxAgeDays=2&amp;name=user\"");
        assertThat(mvc.get().uri("/raid/{id}.json?name=user", rows.publicId).exchange()).bodyJson()
                .extractingPath("$.users.nextUrl").asString()
                .matches("/raid/" + rows.publicId + "\\.json\\?cursor=[A-Za-z0-9_-]+&name=user");
    }

    @Test
    void aLongListShowsItsFirstIdsAndPointsToTheWholeOne() throws Exception {
        var rows = RaidRows.create(jdbc).crowd(RaidHtml.BAN_LIST_IDS + 3);
        String page = mvc.get().uri("/raid/{id}.html", rows.publicId).exchange().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        String ids = page.substring(page.indexOf("readonly"), page.indexOf("</textarea>"));

        assertThat(page).contains("The first 5,000 of 5,003 accounts, all of them in <a href=\"/raid/" + rows.publicId
                + "/ids.txt\">ids.txt</a>");
        assertThat(ids.lines()).hasSize(RaidHtml.BAN_LIST_IDS);
        assertThat(mvc.get().uri("/raid/{id}/ids.txt", rows.publicId).exchange()).bodyText().hasLineCount(5_003);
    }

    @Test
    void aBadFilterIsRefusedOnEveryRouteNamingItsParameter() {
        var rows = RaidRows.create(jdbc).joined(10, "a", 0, 2);
        var bad = new java.util.LinkedHashMap<String, String>();
        bad.put("maxAgeDays", "0");
        bad.put("joinedAfter", "yesterday");
        bad.put("joinedBefore", "0000-01-01T00:00:00Z");
        bad.put("name", "x".repeat(101));
        bad.put("cluster", "shape:x");
        for (String route : ROUTES) {
            for (var parameter : bad.entrySet()) {
                assertThat(mvc.get().uri(route, rows.publicId).param(parameter.getKey(), parameter.getValue()).exchange())
                        .as("%s with %s", route, parameter.getKey()).hasStatus(HttpStatus.BAD_REQUEST).bodyText()
                        .startsWith("400 Bad Request: " + parameter.getKey() + " ").hasLineCount(1);
            }
        }
        for (String days : List.of("-1", "36501", "1e3", "9999999999", "7.5")) {
            assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).param("maxAgeDays", days).exchange())
                    .as(days).hasStatus(HttpStatus.BAD_REQUEST);
        }
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).param("name", "a\u0000b").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().isEqualTo("400 Bad Request: name holds a control character\n");
        assertThat(mvc.get().uri("/raid/{id}.json?maxAgeDays=&joinedAfter=&joinedBefore=&name=&cluster=", rows.publicId)
                .exchange()).as("a form's empty fields are no filter").hasStatusOk();
    }

    @Test
    void eachFilterHasItsOwnEtagWhateverItsSpelling() {
        var rows = RaidRows.create(jdbc).joined(10, "a", 0, 2).concluded();
        String plain = etag("/raid/{id}.json", rows.publicId);
        String filtered = etag("/raid/{id}.json?joinedAfter=2025-11-23T12:00:00Z", rows.publicId);

        assertThat(filtered).isNotEqualTo(plain).isNotEqualTo(etag("/raid/{id}.json?joinedAfter=2025-11-23T12:00:01Z",
                rows.publicId));
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).param("joinedAfter", "2025-11-23T13:00:00+01:00")
                .exchange().getResponse().getHeader("ETag")).isEqualTo(filtered);
        assertThat(mvc.get().uri("/raid/{id}.json?joinedAfter=2025-11-23T12:00:00Z", rows.publicId)
                .header("If-None-Match", filtered).exchange()).hasStatus(HttpStatus.NOT_MODIFIED);
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).header("If-None-Match", filtered).exchange())
                .hasStatusOk();
    }

    @Test
    void aRaidWithItsGuildsNameSaysItEverywhereEscaped() {
        var rows = RaidRows.create(jdbc).joined(10, "a", 0, 2)
                .named("<b>Cats</b> & co", "30 joins in 10 s <script>\nRaid size: 0 accounts")
                .concluded();

        assertThat(mvc.get().uri("/raid/{id}.html", rows.publicId).exchange()).bodyText()
                .contains("<title>Raid on &lt;b&gt;Cats&lt;/b&gt; &amp; co · Milk</title>")
                .contains("<h1>Raid on &lt;b&gt;Cats&lt;/b&gt; &amp; co</h1>"
                        + "<p class=\"reason\">30 joins in 10 s &lt;script&gt;\nRaid size: 0 accounts</p>")
                .doesNotContain("<script>");
        assertThat(mvc.get().uri("/raid/{id}", rows.publicId).exchange()).bodyText()
                .startsWith("Userbot raid detected against server <b>Cats</b> & co (" + RaidRows.GUILD + ") on 2025-11-23\n"
                        + "Detected: 30 joins in 10 s <script> Raid size: 0 accounts\nRaid size: 1 account\n");
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).exchange()).bodyJson()
                .extractingPath("$.raid.guildName").isEqualTo("<b>Cats</b> & co");
        assertThat(mvc.get().uri("/raid/{id}.json", rows.publicId).exchange()).bodyJson()
                .extractingPath("$.raid.reason").isEqualTo("30 joins in 10 s <script>\nRaid size: 0 accounts");
    }

    @Test
    void thePublicPageLinksTheStaffViewsWithoutShowingThem() {
        var earlier = RaidRows.create(jdbc, RaidRows.GUILD, RaidRows.START.minusSeconds(86_400)).joined(10, "a", 0, 2);
        var rows = RaidRows.create(jdbc).joined(10, "a", 0, 2).concluded();

        assertThat(mvc.get().uri("/raid/{id}.html", rows.publicId).exchange()).bodyText()
                .contains("<a href=\"/raid/" + rows.publicId + "/repeats\">Accounts seen in earlier raids — staff only</a>")
                .doesNotContain(earlier.publicId);
        // Login is off in this slice: the staff's views exist for nobody.
        assertThat(mvc.get().uri("/raid/{id}/repeats", rows.publicId).exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/raid/{id}/overlap/{other}", rows.publicId, earlier.publicId).exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    private String etag(String route, String publicId) {
        return mvc.get().uri(route, publicId).exchange().getResponse().getHeader("ETag");
    }
}
