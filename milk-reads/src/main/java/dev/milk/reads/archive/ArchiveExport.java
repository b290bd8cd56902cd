package dev.milk.reads.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.milk.media.MediaStore;
import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Html;
import dev.milk.reads.web.KeysetPage;
import dev.milk.reads.web.Pages;

/**
 * An archive to keep: a ZIP of one self-contained page ({@code index.html}, every message, the
 * stylesheet inside it) and Milk's media copies beside it ({@code media/}), which the page links
 * relatively, so it opens from a disk without a network. Written as it streams, a page of
 * messages at a time: an archive of 100,000 messages is never held in memory.
 */
final class ArchiveExport {

    private static final String STYLESHEET = stylesheet();
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"),
            Map.entry("image/avif", "avif"), Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"),
            Map.entry("video/quicktime", "mov"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
            Map.entry("text/plain", "txt"));

    private ArchiveExport() {
    }

    /**
     * Where the export keeps a copy: by key, with an extension from what it is. Anything a browser
     * would run or render as a document (HTML, SVG) gets {@code .bin}, so opening it shows nothing.
     */
    static String mediaPath(String key, String contentType) {
        return "media/" + key + "." + EXTENSIONS.getOrDefault(contentType, "bin");
    }

    static void write(OutputStream out, ArchiveSummary archive, ArchiveQueries queries, MediaStore store, Instant now)
            throws IOException {
        var zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("index.html"));
        Writer html = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        html.write(head(archive, queries.redactions(archive), now));
        Long after = null;
        do {
            var page = KeysetPage.of(queries.page(archive, after, ArchivePage.PAGE_SIZE + 1), ArchivePage.PAGE_SIZE);
            ArchivePage.Rendered messages = ArchivePage.renderMessages(archive, page.items(),
                    queries.related(archive, page.items(), true).forExport(), now);
            if (messages.styleHash() != null) {
                html.write("<style>" + messages.styleHash() + "</style>");
            }
            html.write(messages.html());
            after = page.last() == null ? null : page.last().id();
        } while (after != null);
        html.write("</main></body></html>\n");
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

    private static String head(ArchiveSummary archive, List<Redaction> redactions, Instant now) {
        StringBuilder head = new StringBuilder(STYLESHEET.length() + 2_048);
        head.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>#")
                .append(Html.escape(archive.channel())).append(" · Milk archive</title><style>").append(STYLESHEET)
                .append("</style></head>\n<body><header class=\"channel\"><h1><span class=\"hash\">#</span>")
                .append(Html.escape(archive.channel())).append("</h1><p class=\"meta\">")
                .append(archive.createdAt() != null ? "Archived " + Pages.minute(archive.createdAt()) : "Being archived")
                .append(" · ").append(Counts.of(archive.messageCount(), "message")).append(" · exported ")
                .append(Pages.minute(now)).append(" from Milk; media Milk copied are in media/</p>");
        if (archive.reason() != null && !archive.reason().isBlank()) {
            head.append("<p class=\"reason\">Reason: ").append(Html.escape(archive.reason())).append("</p>");
        }
        if (!redactions.isEmpty()) {
            head.append(Pages.render("removals.jte", ArchivePage.removals(redactions), 1_024));
        }
        return head.append("</header><main class=\"messages\">\n").toString();
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
