package dev.milk.reads.raid;

import java.time.Duration;
import java.util.List;

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

import dev.milk.reads.access.Access;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.PageCache;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.ReplicaFreshness;
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
    private final RaidAnalyses analyses;

    RaidController(RaidQueries queries, RaidAnalyses analyses, StreamedAnswers streams, ArchiveAccess access) {
        this.queries = queries;
        this.analyses = analyses;
        this.streams = streams;
        this.access = access;
    }

    @GetMapping(path = {"/raid/{id}", "/raid/{id}.txt"}, produces = TEXT)
    ResponseEntity<String> text(@PathVariable String id, @RequestParam(required = false) String maxAgeDays,
            @RequestParam(required = false) String joinedAfter, @RequestParam(required = false) String joinedBefore,
            @RequestParam(required = false) String name, @RequestParam(required = false) String cluster,
            WebRequest request) {
        RaidFilter filter = RaidFilter.parse(maxAgeDays, joinedAfter, joinedBefore, name, cluster);
        Read read = read(id, "text", filter, request);
        if (read == null) {
            return null;
        }
        RaidSummary raid = read.raid();
        List<RaidMember> accounts = queries.members(raid, null, filter, RaidText.MAX_ACCOUNTS);
        return cached(read, request).contentType(MediaType.parseMediaType(TEXT))
                .body(RaidText.render(raid, accounts, filter, queries.count(raid, filter)));
    }

    @GetMapping(path = "/raid/{id}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RaidPage> json(@PathVariable String id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String maxAgeDays, @RequestParam(required = false) String joinedAfter,
            @RequestParam(required = false) String joinedBefore, @RequestParam(required = false) String name,
            @RequestParam(required = false) String cluster, WebRequest request) {
        RaidCursor from = RaidCursor.parse(cursor);
        RaidFilter filter = RaidFilter.parse(maxAgeDays, joinedAfter, joinedBefore, name, cluster);
        Read read = read(id, "json." + RaidCursor.canonical(from), filter, request);
        if (read == null) {
            return null;
        }
        RaidSummary raid = read.raid();
        var page = KeysetPage.of(queries.members(raid, from, filter, PAGE_SIZE + 1), PAGE_SIZE);
        return cached(read, request).body(RaidPage.of(raid, page.items(), next(page), filter));
    }

    @GetMapping(path = "/raid/{id}.html", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> html(@PathVariable String id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String maxAgeDays, @RequestParam(required = false) String joinedAfter,
            @RequestParam(required = false) String joinedBefore, @RequestParam(required = false) String name,
            @RequestParam(required = false) String cluster, WebRequest request) {
        RaidCursor from = RaidCursor.parse(cursor);
        RaidFilter filter = RaidFilter.parse(maxAgeDays, joinedAfter, joinedBefore, name, cluster);
        Read read = readable(id, request);
        RaidSummary raid = read.raid();
        // Asked before the ETag: a page answered while its charts are drawn is another representation.
        RaidAnalysis analysis = from == null ? analyses.of(raid) : RaidAnalysis.NONE;
        if (request.checkNotModified(etag(raid, "html." + RaidCursor.canonical(from)
                + (analysis.isDrawing() ? ".drawing" : ""), filter))) {
            return null;
        }
        // The first page carries the ban list: its first ids are the page's first accounts, read once.
        List<RaidMember> fetched = queries.members(raid, from, filter,
                from == null ? Math.max(RaidHtml.BAN_LIST_IDS, PAGE_SIZE + 1) : PAGE_SIZE + 1);
        var page = KeysetPage.of(fetched.subList(0, Math.min(fetched.size(), PAGE_SIZE + 1)), PAGE_SIZE);
        var banList = from == null ? new RaidHtml.Matching(fetched, queries.count(raid, filter)) : null;
        var answer = analysis.isDrawing() ? ResponseEntity.ok().cacheControl(CacheControl.noCache())
                : cached(read, request);
        return answer.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .headers(PagePolicy.headers(null))
                .body(RaidHtml.render(raid, analysis, filter, page.items(), banList, from == null, next(page),
                        raid.concluded() ? null : ReplicaFreshness.of(request)));
    }

    /** Every account the filter selects, streamed, for ban tooling. */
    @GetMapping(path = "/raid/{id}.csv", produces = "text/csv;charset=UTF-8")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String id, @RequestParam(required = false) String maxAgeDays,
            @RequestParam(required = false) String joinedAfter, @RequestParam(required = false) String joinedBefore,
            @RequestParam(required = false) String name, @RequestParam(required = false) String cluster,
            WebRequest request) {
        RaidFilter filter = RaidFilter.parse(maxAgeDays, joinedAfter, joinedBefore, name, cluster);
        Read read = read(id, "csv", filter, request);
        if (read == null) {
            return null;
        }
        RaidSummary raid = read.raid();
        StreamingResponseBody body = streams.text(out -> {
            out.write(RaidCsv.HEADER);
            queries.each(raid, filter, member -> RaidCsv.row(out, member));
        });
        return cached(read, request).contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"raid-" + raid.publicId() + ".csv\"")
                .body(body);
    }

    /** The ban list: the id of every account the filter selects, one a line (what bulk-ban tools take), streamed. */
    @GetMapping(path = "/raid/{id}/ids.txt", produces = TEXT)
    ResponseEntity<StreamingResponseBody> ids(@PathVariable String id, @RequestParam(required = false) String maxAgeDays,
            @RequestParam(required = false) String joinedAfter, @RequestParam(required = false) String joinedBefore,
            @RequestParam(required = false) String name, @RequestParam(required = false) String cluster,
            WebRequest request) {
        RaidFilter filter = RaidFilter.parse(maxAgeDays, joinedAfter, joinedBefore, name, cluster);
        Read read = read(id, "ids", filter, request);
        if (read == null) {
            return null;
        }
        RaidSummary raid = read.raid();
        StreamingResponseBody body = streams.text(out -> queries.each(raid, filter, member -> {
            out.write(Long.toString(member.id()));
            out.write('\n');
        }));
        return cached(read, request).contentType(MediaType.parseMediaType(TEXT)).body(body);
    }

    /** The original Milk's first route: old links in old log channels must keep working. */
    @GetMapping("/antispam/{id}")
    ResponseEntity<Void> antispam(@PathVariable String id) {
        var location = UriComponentsBuilder.fromPath("/raid/{id}").buildAndExpand(id).encode().toUri();
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, location.toString())
                .build();
    }

    private static String next(KeysetPage<RaidMember> page) {
        return page.last() == null ? null : RaidCursor.encode(RaidCursor.after(page.last()));
    }

    /**
     * Strong: a representation changes only with the raid's size, conclusion, revision (a forget),
     * or the name and reason it gets once each (a live raid's, named late, bumps no revision), and
     * differs by its filter.
     */
    private static String etag(RaidSummary raid, String variant, RaidFilter filter) {
        return "\"" + raid.publicId() + "." + raid.size() + "." + raid.revision() + "."
                + (raid.guildName() == null ? "" : "n") + (raid.reason() == null ? "" : "r")
                + (raid.concluded() ? raid.concludedAt().toEpochMilli() : "live") + "." + variant
                + (filter.isEmpty() ? "" : "." + filter.canonical()) + "\"";
    }

    /** A raid and why the request may read it. */
    private record Read(RaidSummary raid, Access reader) {
    }

    /**
     * The raid, once the request may read it (decided before anything of it is answered, a 304
     * included); null when the client's copy of this representation is current (a 304).
     */
    private Read read(String id, String variant, RaidFilter filter, WebRequest request) {
        Read read = readable(id, request);
        return request.checkNotModified(etag(read.raid(), variant, filter)) ? null : read;
    }

    /** The raid and who reads it, once the request may. */
    private Read readable(String id, WebRequest request) {
        RaidSummary raid = queries.find(id);
        return new Read(raid, access.raid(((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class),
                raid.guildId()));
    }

    /** A concluded public raid never changes: its pages are kept by the page cache. One not public, by no cache. */
    private static ResponseEntity.BodyBuilder cached(Read read, WebRequest request) {
        RaidSummary raid = read.raid();
        if (!(read.reader() instanceof Access.Open)) {
            return ResponseEntity.ok().cacheControl(PRIVATE);
        }
        if (raid.concluded()) {
            PageCache.immutable(request);
        }
        return ResponseEntity.ok().cacheControl(raid.concluded() ? CONCLUDED : LIVE);
    }
}
