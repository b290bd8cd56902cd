package dev.milk.archive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.MediaStore;
import dev.milk.processes.ChildProcesses;
import dev.milk.writes.media.MediaCopier;
import dev.milk.writes.media.StoredCopies;

/**
 * The race between a removal that takes away the last reference to a copy and a copy of the same
 * bytes for another archive, run round after round on a running Milk's writer: in each round one
 * thread removes archive A's message (and, with a store outside the database, carries out the
 * queued deletion) while another copies archive B's file with the same bytes, by the same link
 * (a copy already made is reused) or by another (a new download). Afterwards every copy a stored
 * row refers to must open, and every copy none refers to must be gone.
 */
final class CopyRace {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MediaCopier copier;
    private final MediaStore store;
    private final StoredCopies copies;
    private final int port;

    CopyRace(ApplicationContext milk, int port) {
        this.jdbc = milk.getBean(JdbcTemplate.class);
        this.transactions = milk.getBean(TransactionTemplate.class);
        this.copier = milk.getBean(MediaCopier.class);
        this.store = milk.getBean("writerMediaStore", MediaStore.class);
        this.copies = new StoredCopies(jdbc, store);
        this.port = port;
    }

    /** @return what went wrong: copies referred to that do not open, copies referred to by none that still do */
    List<String> run(int rounds) throws Exception {
        CdnStandIn cdn = CdnStandIn.shared();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Archives of their own (the rows need no archive) and bytes no other test has.
        long archiveA = -random.nextLong(1L << 40, 1L << 50);
        long archiveB = archiveA - rounds;
        long seed = random.nextLong(1_000_000, 9_000_000);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            urls.add(cdn.fixture("noise-" + seed + i + ".png"));
            jdbc.update("INSERT INTO archive_media (archive_id, message_id, url, kind) VALUES (?, 1, ?, 'attachment')",
                    archiveA - i, urls.get(i));
        }
        awaitNonePending(archiveA, rounds);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            keys.add(jdbc.queryForObject("SELECT media_key FROM archive_media WHERE archive_id = ? AND state = 'stored'",
                    String.class, archiveA - i));
        }

        var barrier = new CyclicBarrier(2);
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < rounds; i++) {
            long a = archiveA - i;
            long b = archiveB - i;
            String url = i % 2 == 0 ? urls.get(i) : urls.get(i) + "?again";
            long jitterNanos = random.nextLong(TimeUnit.MILLISECONDS.toNanos(4));
            var removal = CompletableFuture.runAsync(() -> {
                await(barrier);
                LockSupport.parkNanos(jitterNanos);
                transactions.executeWithoutResult(status -> copies.forget(a, new Long[] {1L}));
                store.sweep();
            }, threads);
            var copy = CompletableFuture.runAsync(() -> {
                jdbc.update("INSERT INTO archive_media (archive_id, message_id, url, kind) VALUES (?, 1, ?, 'attachment')",
                        b, url);
                await(barrier);
                copier.copyDue();
            }, threads);
            CompletableFuture.allOf(removal, copy).get(1, TimeUnit.MINUTES);
        }
        threads.close();
        awaitNonePending(archiveB, rounds);
        store.sweep();

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            boolean referred = jdbc.queryForObject("""
                    SELECT count(*) FROM archive_media WHERE archive_id = ? AND state = 'stored' AND media_key = ?""",
                    Integer.class, archiveB - i, keys.get(i)) > 0;
            int status = status("/media/" + keys.get(i) + "/x.png");
            if (referred != (status == 200)) {
                wrong.add("round " + i + ": " + keys.get(i) + (referred ? ", which a stored row refers to," : ", which no row refers to,")
                        + " answers " + status);
            }
        }
        return wrong;
    }

    private void awaitNonePending(long firstArchive, int rounds) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (jdbc.queryForObject("""
                SELECT count(*) FROM archive_media WHERE archive_id BETWEEN ? AND ? AND state = 'pending'""",
                Integer.class, firstArchive - rounds + 1, firstArchive) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("copies still pending after 60 s");
            }
            copier.copyDue();
            ChildProcesses.pause(50);
        }
    }

    private int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
