package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.milk.MilkEndToEndTest;

/**
 * A sealed archive's pages are kept by each replica's page cache, trusted here for an hour: only
 * the writer's {@code NOTIFY} of a removal can drop them, and it must, as the removal commits. A
 * render that read the page before the removal committed and ends after the notification must
 * not put it back.
 */
@TestPropertySource(properties = "milk.reads.cache.revalidate=1h")
@Import(RemovalsReachKeptPagesTest.Holding.class)
class RemovalsReachKeptPagesTest extends MilkEndToEndTest {

    private static final String SECRET = "my phone number is 555-0199";
    /** A request with this header has its render held once its page is written: a slow render. */
    private static final String HOLD = "X-Test-Hold";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HeldRender held;

    /**
     * Inside the page cache: the application has written the page, which the cache has not yet
     * kept, and the render waits until the test lets it end.
     */
    static final class HeldRender extends OncePerRequestFilter {

        final CountDownLatch written = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(request, response);
            if (request.getHeader(HOLD) != null) {
                written.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @TestConfiguration
    static class Holding {

        @Bean
        HeldRender heldRender() {
            return new HeldRender();
        }

        @Bean
        FilterRegistrationBean<HeldRender> heldRenderRegistration(HeldRender filter) {
            var registration = new FilterRegistrationBean<>(filter);
            // After the page cache (HIGHEST_PRECEDENCE + 30): it sees what the cache is to keep.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
            return registration;
        }
    }

    @Test
    void aRemovalDropsTheKeptPagesAndNoPageRenderedBeforeItIsKeptAfter() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(Archives.message(0, SECRET, null, List.of(), List.of()),
                Archives.message(1))).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId), "sealed");
        String json = "/archive/" + publicId + ".json";
        String page = "/archive/" + publicId;
        assertThat(get(json).body()).contains(SECRET);
        assertThat(get(json).body()).as("kept").contains(SECRET);

        try (ExecutorService visitor = Executors.newSingleThreadExecutor()) {
            // The page is rendered before the removal commits; the cache gets it only after the notification.
            Future<HttpResponse<String>> before = visitor.submit(() -> get(page, HOLD, "1"));
            assertThat(held.written.await(30, TimeUnit.SECONDS)).as("the render wrote its page").isTrue();

            archives.redact(archiveId, List.of(Archives.message(0).id()), "privacy", "500").get();
            // Trusted for an hour, the kept JSON can only have been dropped by the notification.
            eventually(() -> !get(json).body().contains(SECRET), "the removal shown in the kept JSON");

            held.resume.countDown();
            assertThat(before.get(30, TimeUnit.SECONDS).body()).as("the render from before the removal")
                    .contains(SECRET);
        }
        assertThat(get(page).body()).as("the page after the removal").doesNotContain(SECRET)
                .contains("Removed by moderators");
        assertThat(get(page).body()).as("the page after the removal, kept").doesNotContain(SECRET);
        assertThat(get(json).body()).doesNotContain(SECRET).contains("privacy");
    }
}
