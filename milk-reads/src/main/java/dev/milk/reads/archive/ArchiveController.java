package dev.milk.reads.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
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

import dev.milk.media.MediaStore;
import dev.milk.publicid.PublicIds;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.BadRequestException;
import dev.milk.reads.web.GoneException;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.PageCache;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.ReplicaFreshness;
import dev.milk.reads.web.StreamedAnswers;

/** The public archive routes: a Discord-like page, a transcript, and the JSON API. */
@RestController
class ArchiveController {

    static final int JSON_PAGE_SIZE = 200;
    private static final String TEXT = "text/plain;charset=UTF-8";
    private static final String HTML = "text/html;charset=UTF-8";
    /**
     * Short even when sealed: a takedown must reach every cache within seconds. Revalidation is
     * cheap (an ETag check on one row), so caches still spare the database the rendering.
     */
    private static final CacheControl SEALED = CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic();
    private static final CacheControl LIVE = CacheControl.noCache();
    /** What only some may read: no cache keeps it, a browser's included. */
    private static final CacheControl PRIVATE = CacheControl.noStore().cachePrivate();

    private final ArchiveQueries queries;
    private final SearchSlots searches;
    private final StreamedAnswers streams;
    private final MediaStore media;
    private final Clock clock;
    private final ArchiveAccess access;
    /**
     * Where Milk is served ({@code MILK_PUBLIC_URL}) without a trailing slash: the DCE export's links
     * to Milk's copies start with it, as DCE's readers open them from anywhere; empty, links from the
     * root (never a request's Host: the export may be kept for everyone).
     */
    private final String publicUrl;

    ArchiveController(ArchiveQueries queries, SearchSlots searches, StreamedAnswers streams, MediaStore media,
            Clock clock, ArchiveAccess access,
            String publicUrl) {
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.access = access;
        this.queries = queries;
        this.searches = searches;
        this.streams = streams;
        this.media = media;
        this.clock = clock;
    }

    @GetMapping(path = "/archive/{id}", produces = HTML)
    ResponseEntity<String> page(@PathVariable String id, @RequestParam(required = false) String after,
            @RequestParam(required = false) String q, WebRequest request) {
        Long from = messageId(after, "after");
        SearchQuery query = SearchQuery.parse(q);
        ArchiveQueries.Guarded guarded = find(id);
        ArchiveSummary archive = guarded.summary();
        Access reader = access(guarded, query != null ? "search" : "page", request);
        if (query != null) {
            if (request.checkNotModified(etag(archive, "search.html." + query.key() + "." + from))) {
                return null;
            }
            SearchResults found = search(archive, query, from);
            return cached(archive, reader, request).contentType(MediaType.parseMediaType(HTML))
                    .headers(PagePolicy.headers(null)).body(ArchiveSearchPage.render(archive, found, from, clock.instant()));
        }
        if (request.checkNotModified(etag(archive, "html." + from))) {
            return null;
        }
        var page = KeysetPage.of(queries.page(archive, from, ArchivePage.PAGE_SIZE + 1), ArchivePage.PAGE_SIZE);
        List<ArchivedMessage> messages = page.items();
        ArchivePage.Rendered html = ArchivePage.render(archive, messages, queries.related(archive, messages, true),
                from, page.last() == null ? null : page.last().id(), clock.instant(),
                ArchivePage.Reading.of(guarded.guard().visibility(), reader),
                archive.sealed() ? null : ReplicaFreshness.of(request));
        return cached(archive, reader, request).contentType(MediaType.parseMediaType(HTML))
                .headers(PagePolicy.headers(html.styleHash()))
                .body(html.html());
    }

    @GetMapping(path = "/archive/{id}.txt", produces = TEXT)
    ResponseEntity<StreamingResponseBody> transcript(@PathVariable String id, WebRequest request) {
        ArchiveQueries.Guarded guarded = find(id);
        ArchiveSummary archive = guarded.summary();
        Access reader = access(guarded, "txt", request);
        if (request.checkNotModified(etag(archive, "txt"))) {
            return null;
        }
        StreamingResponseBody body = streams.text(out -> {
            var text = new ArchiveText(out, queries.allMentions(archive), queries.redactions(archive));
            text.header(archive);
            queries.each(archive, text::message);
            text.footer();
        });
        return cached(archive, reader, request).contentType(MediaType.parseMediaType(TEXT)).body(body);
    }

    /** Every message on one page and the media copies beside it, to open without a network. */
    @GetMapping(path = "/archive/{id}.zip", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String id, WebRequest request) {
        ArchiveQueries.Guarded guarded = find(id);
        ArchiveSummary archive = guarded.summary();
        Access reader = access(guarded, "zip", request);
        if (request.checkNotModified(etag(archive, "zip"))) {
            return null;
        }
        Instant now = clock.instant();
        return ResponseEntity.ok().cacheControl(cacheControl(archive, reader))
                .contentType(MediaType.parseMediaType("application/zip"))
                .header("Content-Disposition", ContentDisposition.attachment().filename(fileName(archive, ".zip")).build()
                        .toString())
                .body(streams.bytes(out -> ArchiveExport.write(out, archive, queries, media, now)));
    }

    /**
     * The archive in DiscordChatExporter's JSON format, for DCE's viewers and analysis tools: guarded
     * and cached as the transcript is, streamed a page of messages at a time.
     */
    @GetMapping(path = "/archive/{id}.dce.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> dce(@PathVariable String id, WebRequest request) {
        ArchiveQueries.Guarded guarded = find(id);
        ArchiveSummary archive = guarded.summary();
        Access reader = access(guarded, "dce", request);
        if (request.checkNotModified(etag(archive, "dce"))) {
            return null;
        }
        Instant now = clock.instant();
        return cached(archive, reader, request).contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", ContentDisposition.inline().filename(fileName(archive, ".json")).build()
                        .toString())
                .body(streams.bytes(out -> ArchiveDceExport.write(out, archive, queries, publicUrl, now)));
    }

    @GetMapping(path = "/archive/{id}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> json(@PathVariable String id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String q, WebRequest request) {
        Long from = messageId(cursor, "cursor");
        SearchQuery query = SearchQuery.parse(q);
        ArchiveQueries.Guarded guarded = find(id);
        ArchiveSummary archive = guarded.summary();
        Access reader = access(guarded, query != null ? "search" : "json", request);
        if (query != null) {
            if (request.checkNotModified(etag(archive, "search.json." + query.key() + "." + from))) {
                return null;
            }
            SearchResults found = search(archive, query, from);
            return cached(archive, reader, request).body(ArchiveSearchJson.of(archive, found, clock.instant()));
        }
        if (request.checkNotModified(etag(archive, "json." + from))) {
            return null;
        }
        var page = KeysetPage.of(queries.page(archive, from, JSON_PAGE_SIZE + 1), JSON_PAGE_SIZE);
        return cached(archive, reader, request).body(ArchiveJsonPage.of(archive, page.items(),
                queries.related(archive, page.items(), false),
                page.last() == null ? null : Long.toString(page.last().id())));
    }

    private SearchResults search(ArchiveSummary archive, SearchQuery query, Long from) {
        boolean withWords = queries.hasWords(query);
        if (!withWords && !query.filters().any()) {
            throw new BadRequestException("q has no words or operators to search for, only punctuation");
        }
        return searches.run(() -> SearchResults.find(queries, archive, query, withWords, from));
    }

    private ArchiveQueries.Guarded find(String id) {
        ArchiveQueries.Guarded archive = (PublicIds.isWellFormed(id) ? queries.guarded(id)
                : Optional.<ArchiveQueries.Guarded>empty()).orElseThrow(() -> new NotFoundException("no archive has this id"));
        Instant now = clock.instant();
        String gone = archive.summary().goneReason(now);
        if (gone != null) {
            throw new GoneException(gone);
        }
        return archive;
    }

    /** {@code <channel>-<id><extension>}, of characters every file system takes. */
    private static String fileName(ArchiveSummary archive, String extension) {
        return archive.channel().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + archive.publicId() + extension;
    }

    private static Long messageId(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException(name + " must be a message id (decimal digits)");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " is larger than any message id");
        }
    }

    private static String etag(ArchiveSummary archive, String variant) {
        return "\"" + archive.publicId() + "." + archive.messageCount() + "." + archive.revision() + "."
                + (archive.sealed() ? archive.sealedAt().toEpochMilli() : "live") + "." + variant + "\"";
    }

    /**
     * Who may read the archive, decided before anything of it is answered (a 304 included); the
     * read it grants is told to the viewer log.
     */
    private Access access(ArchiveQueries.Guarded archive, String route, WebRequest request) {
        return access.archive(((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class),
                archive.summary().key(), archive.guard(), route);
    }

    /**
     * A sealed public archive takes no new message nor edit: the page cache keeps its pages. A
     * removal still changes it (privacy comes first): its revision changes every ETag, and the
     * writer's NOTIFY drops every replica's kept pages of it (ArchiveChangeListener), as a
     * takedown's does. A page that is not public is never kept, here nor by any other cache.
     */
    private static ResponseEntity.BodyBuilder cached(ArchiveSummary archive, Access reader, WebRequest request) {
        if (archive.sealed() && reader instanceof Access.Open) {
            PageCache.immutable(request);
        }
        return ResponseEntity.status(HttpStatus.OK).cacheControl(cacheControl(archive, reader));
    }

    private static CacheControl cacheControl(ArchiveSummary archive, Access reader) {
        if (!(reader instanceof Access.Open)) {
            return PRIVATE;
        }
        return archive.sealed() ? SEALED : LIVE;
    }
}
