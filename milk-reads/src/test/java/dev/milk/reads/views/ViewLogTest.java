package dev.milk.reads.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.milk.access.AccessAutoConfiguration;
import dev.milk.access.ArchiveViewRepository;
import dev.milk.reads.AccessRows;
import dev.milk.reads.RouteSlice;
import dev.milk.reads.StaffStandIn;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.Reader;

/**
 * The viewer log on the real database: views told to the log are written at its flush (who, or
 * which share link, never anything for a public archive but a count), and the staff's page of it
 * pages them newest first, for the guild's staff alone.
 */
@RouteSlice
// JPA as Milk starts it (spring.jpa.bootstrap=async builds it on the task executor).
@ImportAutoConfiguration({TaskExecutionAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
    AccessAutoConfiguration.class})
@Import(ViewLogTest.Routes.class)
class ViewLogTest {

    private static final long GUILD = 81384788765712384L;
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    @Autowired
    private MockMvcTester mvc;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ArchiveViewRepository views;
    @Autowired
    private DataSource dataSource;

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        ViewsController viewsController(ArchiveViewRepository views, DataSource dataSource) {
            return new ViewsController(views, dataSource, new StaffStandIn());
        }
    }

    private BatchedViewLog log() {
        return new BatchedViewLog(views, dataSource, Clock.fixed(NOW, ZoneOffset.UTC), "reads-7", new SimpleMeterRegistry());
    }

    @Test
    void viewsOfNonPublicArchivesAreLoggedAndPublicOnesOnlyCounted() {
        var rows = new AccessRows(jdbc);
        var staffOnly = rows.archive(GUILD, "staff");
        var open = rows.archive(GUILD, "public");
        BatchedViewLog log = log();

        log.viewed(staffOnly.key(), new Access.Member(new Reader(1001, "Alice")), "page");
        log.viewed(staffOnly.key(), new Access.Shared("sh4reId00001"), "txt");
        for (int i = 0; i < 3; i++) {
            log.viewed(open.key(), new Access.Open(), "json");
        }
        assertThat(logged(staffOnly.key())).as("before the flush").isEmpty();
        log.flush();

        assertThat(logged(staffOnly.key())).containsExactly(
                Map.of("viewer", "1001 Alice", "route", "page", "replica", "reads-7", "at", NOW.toString()),
                Map.of("viewer", "share sh4reId00001", "route", "txt", "replica", "reads-7", "at", NOW.toString()));
        assertThat(logged(open.key())).as("nobody named for a public archive").isEmpty();
        assertThat(counted(open.key())).isEqualTo(3);

        log.viewed(open.key(), new Access.Open(), "page");
        log.viewed(open.key(), new Access.Open(), "page");
        log.flush();
        log.flush();
        assertThat(counted(open.key())).as("added to, once").isEqualTo(5);
        assertThat(counted(staffOnly.key())).as("non-public views are not counted as public").isZero();
    }

    @Test
    void theStaffPageListsViewsNewestFirstAHundredAPage() throws Exception {
        var rows = new AccessRows(jdbc);
        var archive = rows.archive(GUILD, "tickets");
        for (int i = 0; i < 205; i++) {
            rows.view(archive, 1000L + i, "viewer " + i, null, NOW.plusSeconds(i));
        }
        rows.view(archive, null, null, "sh4reId00002", NOW.plusSeconds(300));
        rows.view(archive, 666L, "<script>alert(1)</script>", null, NOW.plusSeconds(301));

        var first = json(archive.publicId(), null);
        assertThat(first).hasStatusOk().headers().hasValue("Cache-Control", "private, no-store");
        assertThat(first).bodyJson().extractingPath("$.views.size").isEqualTo(100);
        assertThat(first).bodyJson().extractingPath("$.views.data[0].viewerName").isEqualTo("<script>alert(1)</script>");
        assertThat(first).bodyJson().extractingPath("$.views.data[1].shareId").isEqualTo("sh4reId00002");
        assertThat(first).bodyJson().extractingPath("$.views.data[1].viewerId").isNull();
        assertThat(first).bodyJson().extractingPath("$.views.data[2].viewerName").isEqualTo("viewer 204");
        String next = first.getResponse().getContentAsString().replaceAll("(?s).*\"next\":\"(\\d+)\".*", "$1");
        var second = json(archive.publicId(), next);
        assertThat(second).bodyJson().extractingPath("$.views.data[0].viewerName").isEqualTo("viewer 106");
        String last = second.getResponse().getContentAsString().replaceAll("(?s).*\"next\":\"(\\d+)\".*", "$1");
        var third = json(archive.publicId(), last);
        assertThat(third).bodyJson().extractingPath("$.views.size").isEqualTo(7);
        assertThat(third).bodyJson().extractingPath("$.views.next").isNull();
        assertThat(third).bodyJson().extractingPath("$.views.data[6].viewerName").isEqualTo("viewer 0");

        MvcTestResult page = mvc.get().uri("/archive/{id}/views", archive.publicId())
                .header(StaffStandIn.HEADER, Long.toString(GUILD)).exchange();
        assertThat(page).hasStatusOk().hasContentType("text/html;charset=UTF-8").headers()
                .hasValue("Cache-Control", "private, no-store").hasValue("Referrer-Policy", "no-referrer");
        assertThat(page).bodyText().contains("&lt;script&gt;alert(1)&lt;/script&gt; (666)")
                .doesNotContain("<script>").contains("share link sh4reId00002")
                .contains("href=\"/archive/" + archive.publicId() + "/views?before=");
    }

    @Test
    void onlyTheGuildsStaffSeeTheLog() {
        var archive = new AccessRows(jdbc).archive(GUILD, "staff");
        String path = "/archive/" + archive.publicId() + "/views.json";

        assertThat(mvc.get().uri(path).exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(mvc.get().uri(path).header(StaffStandIn.HEADER, "1").exchange()).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri(path).header(StaffStandIn.HEADER, Long.toString(GUILD)).exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/archive/nosuchidxyz1/views.json").header(StaffStandIn.HEADER, Long.toString(GUILD))
                .exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aBadCursorIsRefusedNamingIt() {
        var archive = new AccessRows(jdbc).archive(GUILD, "staff");
        for (String bad : List.of("abc", "-1", "0", "99999999999999999999")) {
            assertThat(json(archive.publicId(), bad)).as(bad).hasStatus(HttpStatus.BAD_REQUEST).bodyText()
                    .startsWith("400 Bad Request: before ");
        }
    }

    private MvcTestResult json(String publicId, String before) {
        var request = mvc.get().uri("/archive/{id}/views.json", publicId).header(StaffStandIn.HEADER, Long.toString(GUILD));
        return before == null ? request.exchange() : request.param("before", before).exchange();
    }

    private List<Map<String, String>> logged(long archiveKey) {
        return jdbc.sql("""
                SELECT coalesce(viewer_id || ' ' || viewer_name, 'share ' || share_id) AS viewer, route, replica, viewed_at
                FROM archive_view WHERE archive_id = :archive ORDER BY id""")
                .param("archive", archiveKey)
                .query((rs, n) -> Map.of("viewer", rs.getString("viewer"), "route", rs.getString("route"),
                        "replica", rs.getString("replica"),
                        "at", rs.getObject("viewed_at", java.time.OffsetDateTime.class).toInstant().toString()))
                .list();
    }

    private long counted(long archiveKey) {
        return jdbc.sql("SELECT coalesce((SELECT views FROM archive_view_count WHERE archive_id = :a), 0)")
                .param("a", archiveKey).query(Long.class).single();
    }
}
