package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.milk.media.MediaStore;
import dev.milk.media.PostgresMediaStore;
import dev.milk.reads.RouteSlice;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.StreamedAnswers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive's routes through Spring MVC, on the real database: what each answers (status, type,
 * caching) and how a bad request is refused, the queries reading rows inserted as the writer
 * stores them.
 */
@RouteSlice
@Import(ArchiveControllerTest.Routes.class)
class ArchiveControllerTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Autowired
    private MockMvcTester mvc;
    @Autowired
    private JdbcClient jdbc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        ArchiveController archiveController(DataSource dataSource, JsonMapper json, MediaStore media) {
            return new ArchiveController(new ArchiveQueries(dataSource, dataSource, json),
                    new SearchSlots(1, Duration.ofSeconds(5)), new StreamedAnswers(Duration.ofMinutes(1)), media,
                    Clock.fixed(NOW, ZoneOffset.UTC), ArchiveAccess.withoutLogin(dataSource), "https://milk.example/");
        }

        @Bean
        MediaStore media(DataSource dataSource) {
            return new PostgresMediaStore(new JdbcTemplate(dataSource), null);
        }
    }

    @Test
    void aPageIsHtmlWithItsMessages() {
        var rows = ArchiveRows.create(jdbc).message(1000, "hello **world**").message(1001, "again");

        MvcTestResult page = mvc.get().uri("/archive/{id}", rows.publicId).exchange();

        assertThat(page).hasStatusOk().hasContentType("text/html;charset=UTF-8");
        assertThat(page).bodyText().contains("<strong>world</strong>").contains("id=\"m1001\"")
                .contains("<title>#general · Milk archive</title>");
        assertThat(page).headers().hasValue("Cache-Control", "no-cache");
    }

    @Test
    void theJsonPageAndTheTranscriptHaveTheirTypes() {
        var rows = ArchiveRows.create(jdbc).message(1000, "hello");

        assertThat(mvc.get().uri("/archive/{id}.json", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("application/json").bodyJson().extractingPath("$.messages.data[0].content")
                .isEqualTo("hello");
        assertThat(mvc.get().uri("/archive/{id}.txt", rows.publicId).exchange()).hasStatusOk()
                .hasContentType("text/plain;charset=UTF-8").bodyText().contains("hello");
    }

    @Test
    void theOfflineCopyIsAZipWithThePageFirst() throws IOException {
        var rows = ArchiveRows.create(jdbc).message(1000, "kept offline");

        MvcTestResult zip = mvc.get().uri("/archive/{id}.zip", rows.publicId).exchange();

        assertThat(zip).hasStatusOk().hasContentType("application/zip");
        assertThat(zip).headers().containsHeader("Content-Disposition");
        List<String> entries = new ArrayList<>();
        String index = null;
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip.getResponse().getContentAsByteArray()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
                if (entry.getName().equals("index.html")) {
                    index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(entries).first().isEqualTo("index.html");
        assertThat(index).contains("kept offline").contains("exported 2026-01-02 03:04 UTC").endsWith("</html>\n");
    }

    @Test
    void theDceExportIsDiscordChatExportersJsonWithoutTheRemovedMessages() {
        var rows = ArchiveRows.create(jdbc).message(1000, "hello <@" + ArchiveRows.MODERATOR + ">")
                .message(1001, "secret").removed("privacy", 1001).sealedAndIndexed();

        MvcTestResult dce = mvc.get().uri("/archive/{id}.dce.json", rows.publicId).exchange();

        assertThat(dce).hasStatusOk().hasContentType("application/json");
        assertThat(dce).headers().hasValue("Cache-Control", "max-age=5, public");
        assertThat(dce).bodyText().doesNotContain("secret").doesNotContain("privacy");
        assertThat(dce).bodyJson().extractingPath("$.channel.name").isEqualTo("general");
        assertThat(dce).bodyJson().extractingPath("$.exportedAt").isEqualTo("2026-01-02T03:04:05.000+00:00");
        assertThat(dce).bodyJson().extractingPath("$.messageCount").isEqualTo(1);
        assertThat(dce).bodyJson().extractingPath("$.messages[0].id").isEqualTo("1000");
        assertThat(dce).bodyJson().extractingPath("$.messages[0].type").isEqualTo("Default");
        assertThat(dce).bodyJson().extractingPath("$.messages[0].author.name").isEqualTo("Mallory");
        assertThat(dce).bodyJson().extractingPath("$.messages[0].mentions[0].id").isEqualTo(Long.toString(ArchiveRows.MODERATOR));
        assertThat(dce).bodyJson().extractingPath("$.messages[0].mentions[0].nickname").isEqualTo("Mod");
        assertThat(mvc.get().uri("/archive/nosuchid.dce.json").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aBadCursorIsRefusedWithOneLine() {
        var rows = ArchiveRows.create(jdbc).message(1000, "hello");

        assertThat(mvc.get().uri("/archive/{id}?after=abc", rows.publicId).exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType("text/plain;charset=UTF-8")
                .bodyText().isEqualTo("400 Bad Request: after must be a message id (decimal digits)\n");
        assertThat(mvc.get().uri("/archive/{id}.json?cursor=99999999999999999999", rows.publicId).exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().isEqualTo("400 Bad Request: cursor is larger than any message id\n");
        assertThat(mvc.get().uri("/archive/{id}", rows.publicId).param("q", "?!").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("no words or operators to search for");
    }

    @Test
    void anUnknownArchiveIsNotFoundAndATakenDownOneGone() {
        var rows = ArchiveRows.create(jdbc).message(1000, "hello");
        jdbc.sql("UPDATE archive SET deleted_at = now() WHERE id = :archive").param("archive", rows.key).update();

        assertThat(mvc.get().uri("/archive/nosuchid").exchange()).hasStatus(HttpStatus.NOT_FOUND)
                .bodyText().isEqualTo("404 Not Found: no archive has this id\n");
        assertThat(mvc.get().uri("/archive/{id}", rows.publicId).exchange()).hasStatus(HttpStatus.GONE)
                .bodyText().isEqualTo("410 Gone: this archive was taken down\n");
    }
}
