package dev.milk.reads.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

import dev.milk.media.MediaKeys;
import dev.milk.media.MediaStore;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.BadRequestException;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.TryLaterException;

/**
 * Milk's copies of archived media, at stable URLs: {@code /media/{key}/{name}}, the key being the
 * SHA-256 of the bytes, the name only what a download is saved as. Served as what their bytes
 * are, never sniffed again by the browser, in a sandbox, and anything but images, video and
 * audio as a download. Streamed from the store, a part at a time, never held whole. The key is
 * the strong ETag: {@code If-None-Match} is answered from the store's index entry, without a
 * byte of the copy, and byte ranges ({@code Range}, {@code If-Range}) let a video be seeked.
 * Cached briefly: a removal must reach caches too. A store that fails before the copy's first
 * byte is a {@code 503} with {@code Retry-After}, as the database's failures are; after it, the
 * connection is closed unfinished ({@link StoredCopy}).
 */
@RestController
class MediaController {

    private static final Logger log = LoggerFactory.getLogger(MediaController.class);
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");

    private static final CacheControl PRIVATE = CacheControl.noStore().cachePrivate();

    private final MediaStore store;
    private final ArchiveAccess access;

    MediaController(MediaStore store, ArchiveAccess access) {
        this.store = store;
        this.access = access;
    }

    /** GET, and HEAD, which Spring maps here too: the same headers, the store never opened. */
    @GetMapping("/media/{key}/{name}")
    ResponseEntity<?> copy(@PathVariable String key, @PathVariable String name, @RequestHeader HttpHeaders asked,
            HttpMethod method, HttpServletRequest request, HttpServletResponse response) {
        if (!MediaKeys.isWellFormed(key)) {
            throw new BadRequestException("key must be 64 lowercase hexadecimal digits");
        }
        // Decided first: neither a 304 nor a 404 tells a reader without access whether the copy exists.
        boolean open = access.media(request, key) instanceof Access.Open;
        MediaStore.Copy copy;
        try {
            // Only a copy that still exists is "not modified": a removal reaches a cache that revalidates.
            copy = store.find(key).orElseThrow(() -> new NotFoundException("no copy has this key"));
        } catch (IOException e) {
            throw unavailable(key, e);
        }
        String etag = "\"" + key + "\"";
        if (new ServletWebRequest(request, response).checkNotModified(etag)) {
            return null;
        }
        if (method == HttpMethod.HEAD) {
            return ResponseEntity.ok().headers(headers(copy, name, open)).contentLength(copy.size()).build();
        }
        List<HttpRange> ranges = ranges(asked, etag);
        var body = new StoredCopy(store, key, copy.size(), response);
        if (!ranges.isEmpty()) {
            try {
                HttpRange.toResourceRegions(ranges, body);
            } catch (IllegalArgumentException unsatisfiable) {
                // Checked here: Spring's own 416 would carry the whole copy as its body.
                return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + copy.size()).header(HttpHeaders.ACCEPT_RANGES, "bytes")
                        .contentType(TEXT).body("416 Range Not Satisfiable: the copy has " + copy.size() + " bytes\n");
            }
        }
        try {
            body.openAt(ranges.isEmpty() ? 0 : ranges.getFirst().getRangeStart(copy.size()));
        } catch (IOException e) {
            // Not the copy: no validator of it either, which a cache would revalidate a refusal with.
            response.setHeader(HttpHeaders.ETAG, null);
            if (e instanceof MediaStore.Gone) {
                throw new NotFoundException("no copy has this key");
            }
            throw unavailable(key, e);
        }
        if (ranges.isEmpty()) {
            // Not a Resource Spring would cut into ranges itself, so a Range ignored here stays ignored.
            return ResponseEntity.ok().headers(headers(copy, name, open)).contentLength(copy.size())
                    .body(new InputStreamResource(body::getInputStream));
        }
        // Spring cuts the copy into the ranges: 206 with Content-Range, multipart/byteranges for several.
        return ResponseEntity.ok().headers(headers(copy, name, open)).body(body);
    }

    /** The store failed before the copy's first byte: try later, as when the database does. */
    private static TryLaterException unavailable(String key, IOException e) {
        log.warn("answered 503, the media store failed for the copy {}: {}", key, e.toString());
        return new TryLaterException(ReadErrors.Kind.MEDIA_STORE, 5, "the copy cannot be read right now, try again shortly");
    }

    /**
     * The ranges asked for, or none: none asked, {@code If-Range} naming another version (the key
     * is the only one this URL ever has, so any other validator, a date included, is stale), or a
     * {@code Range} that does not parse, which RFC 9110 says to ignore.
     */
    private static List<HttpRange> ranges(HttpHeaders asked, String etag) {
        String ifRange = asked.getFirst(HttpHeaders.IF_RANGE);
        if (asked.getFirst(HttpHeaders.RANGE) == null || ifRange != null && !ifRange.strip().equals(etag)) {
            return List.of();
        }
        try {
            return asked.getRange();
        } catch (IllegalArgumentException unparsable) {
            return List.of();
        }
    }

    private static HttpHeaders headers(MediaStore.Copy copy, String name, boolean open) {
        String contentType = copy.contentType();
        ContentDisposition disposition = (ServedTypes.inline(contentType) ? ContentDisposition.inline()
                : ContentDisposition.attachment()).filename(name, StandardCharsets.UTF_8).build();
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(ServedTypes.served(contentType)));
        headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
        headers.setCacheControl(open ? CACHE : PRIVATE);
        return headers;
    }
}
