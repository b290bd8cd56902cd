package dev.milk.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.milk.MilkEndToEndTest;

/**
 * Searches of a large live archive read every message. Sixteen visitors searching it without
 * pause take every search slot, and pages are still answered in the meantime; searches beyond the
 * slots, and those past the timeout, are told to retry (503 with Retry-After), never a 500.
 */
// Searches here must read every message of a live archive: the writers' live index (issue 28), which
// would answer them from the index within a few rounds, runs once at the start and not again.
@TestPropertySource(properties = {"milk.reads.search.concurrency=2", "milk.reads.search.timeout=1s",
        "milk.writes.archive.search-index-interval=1h"})
class SearchIsolationTest extends MilkEndToEndTest {

    private static final String BUSY =
            "503 Service Unavailable: too many searches are running on this server; try again in a few seconds\n";
    private static final String TOO_LONG =
            "503 Service Unavailable: the search took longer than 1s and was stopped; try again shortly\n";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pagesAreAnsweredWhileSearchesTakeEverySlotAndSearchesBeyondThemAreToldToRetry() throws Exception {
        // About 55 MB of text: reading it all for a word it lacks takes seconds, well over the timeout.
        String archive = LargeArchives.archive(jdbc, 50_000, 32);
        List<HttpResponse<String>> searches = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean searching = new AtomicBoolean(true);
        try (ExecutorService visitors = Executors.newFixedThreadPool(16)) {
            try {
                for (int i = 0; i < 16; i++) {
                    visitors.submit(() -> {
                        while (searching.get()) {
                            searches.add(get("/archive/" + archive + ".json?q=zebra"));
                        }
                    });
                }
                eventually(() -> activeSearches() >= 2, "searches take the slots");
                for (int page = 0; page < 10; page++) {
                    long after = LargeArchives.FIRST_MESSAGE + page * 4_000L;
                    for (String path : List.of("/archive/" + archive + "?after=" + after,
                            "/archive/" + archive + ".json?cursor=" + after)) {
                        HttpResponse<String> answer = get(path);
                        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
                    }
                }
                assertThat(activeSearches()).as("the pages were answered while searches ran").isPositive();
            } finally {
                searching.set(false);
            }
        }
        assertThat(searches).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).isIn(BUSY, TOO_LONG);
        });
        assertThat(searches).extracting(HttpResponse::body).contains(BUSY, TOO_LONG);
    }

    /**
     * Searches for words under way: PostgreSQL shows a statement's first 1,024 bytes
     * ({@code track_activity_query_size}), which a search's columns fill before it names its tables;
     * the excerpt ({@code ts_headline}) is among them, and no page asks for one.
     */
    private int activeSearches() {
        Integer active = jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND query LIKE '%ts_headline(%'
                  AND pid <> pg_backend_pid()""", Integer.class);
        return active == null ? 0 : active;
    }
}
