package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kept pages as files in a folder of their own, so Tomcat can send them with sendfile(2):
 * the kernel copies them to the socket from its page cache, and they weigh nothing on the heap's
 * copy path. The files together never exceed the cache's budget: a page that would go over it
 * is sent from memory instead.
 *
 * <p>A file leaves with its page. Tomcat opens a file it was told to send just after the
 * application has answered, so a file is deleted {@link #SEND_GRACE_MILLIS} after its page left
 * the cache, not at once (a send of it may be starting), and counts against the budget until then.
 */
final class PageFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageFiles.class);
    /** Far more than the moment between the application's answer and Tomcat opening the file. */
    static final long SEND_GRACE_MILLIS = 2_000;
    /** Below this, writing the bytes is as cheap as arranging a sendfile (Tomcat's DefaultServlet uses 48 KiB). */
    private static final int FROM_BYTES = 48 << 10;

    /** A page's bytes on disk. */
    record KeptFile(Path path, long size) {
    }

    private final Path folder;
    private final long budget;
    private final AtomicLong onDisk = new AtomicLong();

    /** @param budget the bytes all files together may hold, those awaiting deletion included */
    PageFiles(long budget) {
        this.budget = budget;
        try {
            this.folder = Files.createTempDirectory("milk-pages-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for kept pages in java.io.tmpdir", e);
        }
    }

    /**
     * The bytes as a new file; null when they are too few to gain from sendfile, would take the
     * files over the budget, or cannot be written.
     */
    KeptFile keep(byte[] bytes) {
        if (bytes == null || bytes.length < FROM_BYTES) {
            return null;
        }
        if (onDisk.addAndGet(bytes.length) > budget) {
            onDisk.addAndGet(-bytes.length);
            return null;
        }
        try {
            Path file = Files.createTempFile(folder, "page-", "");
            Files.write(file, bytes);
            return new KeptFile(file, bytes.length);
        } catch (IOException e) {
            onDisk.addAndGet(-bytes.length);
            log.warn("a page could not be kept as a file ({}); it is sent from memory", e.toString());
            return null;
        }
    }

    void release(KeptFile file) {
        if (file != null) {
            CompletableFuture.runAsync(() -> {
                delete(file.path());
                onDisk.addAndGet(-file.size());
            }, CompletableFuture.delayedExecutor(SEND_GRACE_MILLIS, TimeUnit.MILLISECONDS));
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
