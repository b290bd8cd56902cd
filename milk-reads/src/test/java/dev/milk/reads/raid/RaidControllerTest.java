package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
            return new RaidController(new RaidQueries(dataSource), new StreamedAnswers(Duration.ofMinutes(1)),
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
}
