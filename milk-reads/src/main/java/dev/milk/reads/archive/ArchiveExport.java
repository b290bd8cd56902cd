package dev.milk.reads.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import gg.jte.Content;

import dev.milk.media.MediaStore;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.Pages;

/**
 * An archive to keep: a ZIP of one self-contained page ({@code index.html}, every message, the
 * stylesheet inside it) and Milk's media copies beside it ({@code media/}), which the page links
 * relatively, so it opens from a disk without a network. Written as it streams, a page of
 * messages at a time: an archive of 100,000 messages is never held in memory.
 */
public final class ArchiveExport {

    private static final String STYLESHEET = stylesheet();
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"),
            Map.entry("image/avif", "avif"), Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"),
            Map.entry("video/quicktime", "mov"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/wav", "wav"), Map.entry("audio/vnd.wave", "wav"), Map.entry("audio/x-wav", "wav"),
            Map.entry("audio/flac", "flac"), Map.entry("audio/mp4", "m4a"), Map.entry("text/plain", "txt"));

    private ArchiveExport() {
    }

    /**
     * Where the export keeps a copy: by key, with an extension from what it is. Anything a browser
     * would run or render as a document (HTML, SVG) gets {@code .bin}, so opening it shows nothing.
     */
    static String mediaPath(String key, String contentType) {
        return "media/" + key + "." + EXTENSIONS.getOrDefault(contentType, "bin");
    }

    /**
     * What {@code src/main/jte/export.jte} shows.
     *
     * @param exported   when the copy was made
     * @param stylesheet Milk's stylesheet, inside the page so it opens alone
     * @param messages   every message, written a page at a time as the template reaches them
     */
    public record Page(ArchivePage.Header header, String exported, String stylesheet, Content messages) {
    }

    static void write(OutputStream out, ArchiveSummary archive, ArchiveQueries queries, MediaStore store, Instant now)
            throws IOException {
        var zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("index.html"));
        Writer html = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        Content messages = page -> {
            Long after = null;
            do {
                var messagePage = KeysetPage.of(queries.page(archive, after, ArchivePage.PAGE_SIZE + 1),
                        ArchivePage.PAGE_SIZE);
                page.writeContent(ArchivePage.renderForExport(archive, messagePage.items(),
                        queries.related(archive, messagePage.items(), true).forExport(), now));
                after = messagePage.last() == null ? null : messagePage.last().id();
            } while (after != null);
        };
        Pages.render("export.jte", new Page(ArchivePage.header(archive, queries.redactions(archive)), Pages.minute(now),
                STYLESHEET, messages), html);
        html.flush();
        zip.closeEntry();
        // Stored as they are (images and video are compressed already), each streamed from the store:
        // deflate's level 0 writes the CRC after the bytes, so a copy is never held to compute it first.
        zip.setLevel(Deflater.NO_COMPRESSION);
        for (int n = 0; n < 6; n++) {
            String avatar = "assets/avatars/" + n + ".svg";
            try (InputStream bytes = ArchiveExport.class.getResourceAsStream("/static/" + avatar)) {
                zip.putNextEntry(new ZipEntry(avatar));
                bytes.transferTo(zip);
                zip.closeEntry();
            }
        }
        for (MediaCopies.Copy copy : queries.storedCopies(archive)) {
            if (store.find(copy.key()).isEmpty()) {
                continue;   // removed since the list was read
            }
            try (InputStream bytes = store.open(copy.key(), 0)) {
                zip.putNextEntry(new ZipEntry(mediaPath(copy.key(), copy.contentType())));
                bytes.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    private static String stylesheet() {
        try (InputStream in = ArchiveExport.class.getResourceAsStream("/static/assets/milk.css")) {
            if (in == null) {
                throw new IllegalStateException("milk.css is not on the classpath");
            }
            // Beside the page, not at a server's root: an avatar that does not load falls back to the export's own file.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("url(/assets/", "url(assets/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
