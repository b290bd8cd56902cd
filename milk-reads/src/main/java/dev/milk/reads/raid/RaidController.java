package dev.milk.reads.raid;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

import dev.milk.publicid.PublicIds;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.PageCache;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.StreamedAnswers;

/** The public raid routes, compatible with the original Milk's. */
@RestController
class RaidController {

    static final int PAGE_SIZE = 200;
    private static final String TEXT = "text/plain;charset=UTF-8";
    /** Long, yet bounded: a raid that was wrongly published can still be taken down. */
    private static final CacheControl CONCLUDED = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();
    private static final CacheControl LIVE = CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic();
    private static final CacheControl PRIVATE = CacheControl.noStore().cachePrivate();

    private final RaidQueries queries;
    private final StreamedAnswers streams;
    private final ArchiveAccess access;

    RaidController(RaidQueries queries, StreamedAnswers streams, ArchiveAccess access) {
        this.queries = queries;
        this.streams = streams;
        this.access = access;
    }

    @GetMapping(path = "/raid/{id}", produces = TEXT)
    ResponseEntity<String> text(@PathVariable String id, WebRequest request) {
        RaidSummary raid = find(id);
        Access reader = access(raid, request);
        if (request.checkNotModified(etag(raid, "text"))) {
            return null;
        }
        List<RaidMember> accounts = queries.members(raid, null, RaidText.MAX_ACCOUNTS);
        return cached(raid, reader, request).contentType(MediaType.parseMediaType(TEXT)).body(RaidText.render(raid, accounts));
    }

    @GetMapping(path = "/raid/{id}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RaidPage> json(@PathVariable String id, @RequestParam(required = false) String cursor,
            WebRequest request) {
        RaidCursor from = RaidCursor.parse(cursor);
        RaidSummary raid = find(id);
        Access reader = access(raid, request);
        if (request.checkNotModified(etag(raid, "json." + RaidCursor.canonical(from)))) {
            return null;
        }
        Listing page = listing(raid, from);
        return cached(raid, reader, request).body(RaidPage.of(raid, page.accounts(), page.next()));
    }

    @GetMapping(path = "/raid/{id}.html", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> html(@PathVariable String id, @RequestParam(required = false) String cursor,
            WebRequest request) {
        RaidCursor from = RaidCursor.parse(cursor);
        RaidSummary raid = find(id);
        Access reader = access(raid, request);
        if (request.checkNotModified(etag(raid, "html." + RaidCursor.canonical(from)))) {
            return null;
        }
        Listing page = listing(raid, from);
        return cached(raid, reader, request).contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .headers(PagePolicy.headers(null))
                .body(RaidHtml.render(raid, page.accounts(), from == null, page.next()));
    }

    /** Every account, streamed, for ban tooling. */
    @GetMapping(path = "/raid/{id}.csv", produces = "text/csv;charset=UTF-8")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String id, WebRequest request) {
        RaidSummary raid = find(id);
        Access reader = access(raid, request);
        if (request.checkNotModified(etag(raid, "csv"))) {
            return null;
        }
        StreamingResponseBody body = streams.text(out -> {
            out.write(RaidCsv.HEADER);
            queries.each(raid, member -> RaidCsv.row(out, member));
        });
        return cached(raid, reader, request).contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"raid-" + raid.publicId() + ".csv\"")
                .body(body);
    }

    /** The original Milk's first route: old links in old log channels must keep working. */
    @GetMapping("/antispam/{id}")
    ResponseEntity<Void> antispam(@PathVariable String id) {
        var location = UriComponentsBuilder.fromPath("/raid/{id}").buildAndExpand(id).encode().toUri();
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, location.toString())
                .build();
    }

    /** One page of accounts from {@code from}, and the cursor of the next page (null on the last). */
    private record Listing(List<RaidMember> accounts, String next) {
    }

    private Listing listing(RaidSummary raid, RaidCursor from) {
        var page = KeysetPage.of(queries.members(raid, from, PAGE_SIZE + 1), PAGE_SIZE);
        return new Listing(page.items(), page.last() == null ? null : RaidCursor.encode(RaidCursor.after(page.last())));
    }

    private RaidSummary find(String id) {
        return (PublicIds.isWellFormed(id) ? queries.summary(id) : Optional.<RaidSummary>empty())
                .orElseThrow(() -> new NotFoundException("no raid has this id"));
    }

    /** Strong: a representation changes only with the raid's size or conclusion. */
    private static String etag(RaidSummary raid, String variant) {
        return "\"" + raid.publicId() + "." + raid.size() + "."
                + (raid.concluded() ? raid.concludedAt().toEpochMilli() : "live") + "." + variant + "\"";
    }

    /** Who may read the raid, decided before anything of it is answered (a 304 included). */
    private Access access(RaidSummary raid, WebRequest request) {
        return access.raid(((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class), raid.guildId());
    }

    /** A concluded public raid never changes: its pages are kept by the page cache. One not public, by no cache. */
    private static ResponseEntity.BodyBuilder cached(RaidSummary raid, Access reader, WebRequest request) {
        if (!(reader instanceof Access.Open)) {
            return ResponseEntity.ok().cacheControl(PRIVATE);
        }
        if (raid.concluded()) {
            PageCache.immutable(request);
        }
        return ResponseEntity.ok().cacheControl(raid.concluded() ? CONCLUDED : LIVE);
    }
}
