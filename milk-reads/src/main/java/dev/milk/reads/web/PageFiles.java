package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kept pages as files in a folder of their own, so Tomcat can send them with sendfile(2):
 * the kernel copies them to the socket from its page cache, and they weigh nothing on the heap's
 * copy path. A file is deleted a while after its page leaves the cache, since a response may
 * still be sending it.
 */
final class PageFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageFiles.class);
    /** Large enough for any send in flight to finish; until then the file costs only disk. */
    private static final long DELETE_AFTER_SECONDS = 60;
    /** Below this, writing the bytes is as cheap as arranging a sendfile (Tomcat's DefaultServlet uses 48 KiB). */
    private static final int FROM_BYTES = 48 << 10;

    private final Path folder;

    PageFiles() {
        try {
            this.folder = Files.createTempDirectory("milk-pages-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for kept pages in java.io.tmpdir", e);
        }
    }

    /** The bytes as a new file; null when they are too few to gain from sendfile, or cannot be written. */
    Path keep(byte[] bytes) {
        if (bytes == null || bytes.length < FROM_BYTES) {
            return null;
        }
        try {
            Path file = Files.createTempFile(folder, "page-", "");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            log.warn("a page could not be kept as a file ({}); it is sent from memory", e.toString());
            return null;
        }
    }

    void release(Path file) {
        if (file != null) {
            CompletableFuture.runAsync(() -> delete(file),
                    CompletableFuture.delayedExecutor(DELETE_AFTER_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Override
    public void close() {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(PageFiles::delete);
        } catch (IOException e) {
            log.warn("kept pages could not all be deleted from {}: {}", folder, e.toString());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("a kept page could not be deleted: {}", e.toString());
        }
    }
}
