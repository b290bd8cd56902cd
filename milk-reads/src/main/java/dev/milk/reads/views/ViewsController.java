package dev.milk.reads.views;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.milk.access.ArchiveView;
import dev.milk.access.ArchiveViewRepository;
import dev.milk.publicid.PublicIds;
import dev.milk.reads.access.StaffOnly;
import dev.milk.reads.web.DecimalIds;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.PrivateAnswers;

/**
 * {@code /archive/{id}/views}: an archive's viewer log, for its guild's staff alone, 100 views a
 * page newest first, keyset by the view's id ({@code ?before=}).
 */
@RestController
class ViewsController {

    static final int PAGE_SIZE = 100;

    private final ArchiveViewRepository views;
    private final JdbcClient jdbc;
    private final StaffOnly staff;

    ViewsController(ArchiveViewRepository views, DataSource readsDataSource, StaffOnly staff) {
        this.views = views;
        this.jdbc = JdbcClient.create(readsDataSource);
        this.staff = staff;
    }

    /** A page of the log, and whether older views follow. */
    private record Listing(ViewsPage.LoggedArchive archive, long counted, KeysetPage<ArchiveView> page) {

        Long next() {
            return page.last() == null ? null : page.last().id();
        }
    }

    @GetMapping(path = "/archive/{id}/views", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> page(@PathVariable String id, @RequestParam(required = false) String before,
            HttpServletRequest request) {
        Long from = DecimalIds.optional(before, "before");
        Listing listing = listing(id, from, request);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .headers(PagePolicy.headers(null))
                .body(ViewsPage.html(listing.archive(), listing.counted(), listing.page().items(), listing.next(),
                        from == null));
    }

    @GetMapping(path = "/archive/{id}/views.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ViewsPage.Json> json(@PathVariable String id, @RequestParam(required = false) String before,
            HttpServletRequest request) {
        Listing listing = listing(id, DecimalIds.optional(before, "before"), request);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .body(ViewsPage.json(listing.archive(), listing.counted(), listing.page().items(), listing.next()));
    }

    /** The archive by its public id, its staff's login checked, then the page of views before {@code from}. */
    private Listing listing(String id, Long from, HttpServletRequest request) {
        ViewsPage.LoggedArchive archive = (PublicIds.isWellFormed(id) ? jdbc.sql("""
                SELECT id, public_id, guild_id, channel_name FROM archive
                WHERE public_id = :publicId AND guild_id IS NOT NULL""")
                .param("publicId", id)
                .query((rs, n) -> new ViewsPage.LoggedArchive(rs.getLong("id"), rs.getString("public_id"),
                        rs.getLong("guild_id"), rs.getString("channel_name")))
                .optional() : Optional.<ViewsPage.LoggedArchive>empty())
                .orElseThrow(() -> new NotFoundException("no archive has this id"));
        staff.requireStaff(request, archive.guildId());
        List<ArchiveView> rows = views.findByArchiveIdAndIdLessThanOrderByIdDesc(archive.key(),
                from == null ? Long.MAX_VALUE : from, Limit.of(PAGE_SIZE + 1));
        long counted = jdbc.sql("SELECT coalesce((SELECT views FROM archive_view_count WHERE archive_id = :id), 0)")
                .param("id", archive.key()).query(Long.class).single();
        return new Listing(archive, counted, KeysetPage.of(rows, PAGE_SIZE));
    }
}
