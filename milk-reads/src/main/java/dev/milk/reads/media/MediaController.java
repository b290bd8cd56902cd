package dev.milk.reads.media;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import dev.milk.media.MediaKeys;
import dev.milk.media.MediaStore;
import dev.milk.reads.web.BadRequestException;
import dev.milk.reads.web.NotFoundException;

/**
 * Milk's copies of archived media, at stable URLs: {@code /media/{key}/{name}}, the key being the
 * SHA-256 of the bytes, the name only what a download is saved as. Served as what their bytes
 * are, never sniffed again by the browser, in a sandbox, and anything but images, video and
 * audio as a download. Cached briefly: a removal must reach caches too.
 */
@RestController
class MediaController {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final MediaStore store;

    MediaController(MediaStore store) {
        this.store = store;
    }

    @GetMapping("/media/{key}/{name}")
    ResponseEntity<Resource> copy(@PathVariable String key, @PathVariable String name, WebRequest request) {
        if (!MediaKeys.isWellFormed(key)) {
            throw new BadRequestException("key must be 64 lowercase hexadecimal digits");
        }
        MediaStore.Media media = store.get(key).orElseThrow(() -> new NotFoundException("no copy has this key"));
        if (request.checkNotModified("\"" + key + "\"")) {
            return null;
        }
        String contentType = media.contentType();
        ContentDisposition disposition = (ServedTypes.inline(contentType) ? ContentDisposition.inline()
                : ContentDisposition.attachment()).filename(name, StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ServedTypes.served(contentType)))
                .header("Content-Disposition", disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .cacheControl(CACHE)
                .body(new ByteArrayResource(media.bytes()));
    }
}
