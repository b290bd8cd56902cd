package dev.milk.reads.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.milk.access.AccessAutoConfiguration;
import dev.milk.access.ArchiveShareRepository;
import dev.milk.reads.AccessRows;
import dev.milk.reads.RouteSlice;
import dev.milk.reads.access.SharedArchives;
import dev.milk.reads.web.ErrorAnswers;

/**
 * Share links through two reads replicas that share nothing but the database: each has its own
 * controllers and its own Spring Session repository on the session tables, as two processes would.
 * A link opened on one opens the archive on the other; a revocation or an expiry written to the
 * database ends it on the other at its next request. The token never reaches an answer or a log line.
 */
@RouteSlice
// JPA as Milk starts it (spring.jpa.bootstrap=async builds it on the task executor).
@ImportAutoConfiguration({TaskExecutionAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
    AccessAutoConfiguration.class})
@ExtendWith(OutputCaptureExtension.class)
class ShareLinksTest {

    private static final long GUILD = 81384788765712384L;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ArchiveShareRepository shares;
    @Autowired
    private ErrorAnswers errors;
    @Autowired
    private PlatformTransactionManager transactions;

    /** What the access decision asks: the share that opens an archive for this request, or "none". */
    @RestController
    static final class Probe {

        private final SharedArchives shared;

        Probe(SharedArchives shared) {
            this.shared = shared;
        }

        @GetMapping("/probe/{archiveKey}")
        String probe(@PathVariable long archiveKey, HttpServletRequest request) {
            return shared.shareIdFor(request, archiveKey).orElse("none");
        }
    }

    private MockMvc replica(Clock clock) {
        var sessions = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
        return MockMvcBuilders.standaloneSetup(new ShareController(shares, dataSource, clock),
                        new Probe(new SessionShares(shares, clock)))
                .setControllerAdvice(errors).addFilters(new SessionRepositoryFilter<>(sessions)).build();
    }

    @Test
    void aLinkOpenedOnOneReplicaOpensTheArchiveOnAnotherUntilItIsRevoked(CapturedOutput output) throws Exception {
        var rows = new AccessRows(jdbc);
        var archive = rows.archive(GUILD, "tickets");
        var share = rows.share(archive, 7, Instant.now().plus(Duration.ofDays(1)));
        MockMvc first = replica(Clock.systemUTC());
        MockMvc second = replica(Clock.systemUTC());

        MvcResult opened = first.perform(get("/s/{token}", share.token())).andReturn();

        assertThat(opened.getResponse().getStatus()).isEqualTo(303);
        assertThat(opened.getResponse().getHeader("Location")).isEqualTo("/archive/" + archive.publicId());
        assertThat(opened.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(opened.getResponse().getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        Cookie session = opened.getResponse().getCookie("SESSION");
        assertThat(session).as("the session that carries the grant").isNotNull();
        assertThat(probe(second, archive.key(), session)).isEqualTo(share.shareId());
        assertThat(probe(second, rows.archive(GUILD, "other").key(), session)).as("another archive").isEqualTo("none");
        assertThat(probe(second, archive.key(), null)).as("without the session").isEqualTo("none");
        assertThat(sessionsHolding(share.shareId())).as("the grant, in the session table").isEqualTo(1);
        assertThat(sessionsHolding(share.token())).as("the token, in the session table").isZero();

        rows.revoke(share);

        assertThat(probe(second, archive.key(), session)).as("revoked, on the other replica").isEqualTo("none");
        assertThat(probe(first, archive.key(), session)).as("and on the first").isEqualTo("none");
        MvcResult again = first.perform(get("/s/{token}", share.token())).andReturn();
        assertThat(again.getResponse().getStatus()).isEqualTo(410);
        assertThat(again.getResponse().getContentAsString()).isEqualTo("410 Gone: this share link was revoked\n");
        assertThat(output.getAll()).as("the logs").doesNotContain(share.token());
    }

    @Test
    void aSecondLinkAddsItsGrantUnderANewSessionId() throws Exception {
        var rows = new AccessRows(jdbc);
        var firstArchive = rows.archive(GUILD, "one");
        var secondArchive = rows.archive(GUILD, "two");
        var firstShare = rows.share(firstArchive, 7, Instant.now().plus(Duration.ofDays(1)));
        var secondShare = rows.share(secondArchive, 7, Instant.now().plus(Duration.ofDays(1)));
        MockMvc reads = replica(Clock.systemUTC());
        Cookie before = reads.perform(get("/s/{token}", firstShare.token())).andReturn().getResponse().getCookie("SESSION");

        Cookie after = reads.perform(get("/s/{token}", secondShare.token()).cookie(before)).andReturn().getResponse()
                .getCookie("SESSION");

        assertThat(after).isNotNull();
        assertThat(after.getValue()).as("a session someone else may know gains nothing").isNotEqualTo(before.getValue());
        assertThat(probe(reads, firstArchive.key(), after)).isEqualTo(firstShare.shareId());
        assertThat(probe(reads, secondArchive.key(), after)).isEqualTo(secondShare.shareId());
        assertThat(probe(reads, secondArchive.key(), before)).as("the old session id").isEqualTo("none");
    }

    @Test
    void aLinkEndsAtItsExpiryOnEveryReplica() throws Exception {
        var rows = new AccessRows(jdbc);
        var archive = rows.archive(GUILD, "modmail");
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        var share = rows.share(archive, 7, expiry);
        Cookie session = replica(Clock.systemUTC()).perform(get("/s/{token}", share.token())).andReturn().getResponse()
                .getCookie("SESSION");
        MockMvc afterExpiry = replica(Clock.fixed(expiry.plusSeconds(1), ZoneOffset.UTC));

        assertThat(probe(afterExpiry, archive.key(), session)).isEqualTo("none");
        MvcResult late = afterExpiry.perform(get("/s/{token}", share.token())).andReturn();
        assertThat(late.getResponse().getStatus()).isEqualTo(410);
        assertThat(late.getResponse().getContentAsString()).isEqualTo("410 Gone: this share link has expired\n");
    }

    @Test
    void anUnknownOrMalformedTokenIsNotFoundAndNeverRepeated() throws Exception {
        MockMvc reads = replica(Clock.systemUTC());
        String unknown = "Zm9yZ2VkLXRva2VuLW9mLWZvcnR5LXRocmVlLWNoYXJz";
        for (String token : new String[] {unknown, "short", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o"}) {
            MvcResult answer = reads.perform(get("/s/{token}", token)).andReturn();
            assertThat(answer.getResponse().getStatus()).as(token).isEqualTo(404);
            assertThat(answer.getResponse().getContentAsString()).as(token)
                    .isEqualTo("404 Not Found: no share link has this address\n");
            assertThat(answer.getResponse().getCookie("SESSION")).as("no session for nothing").isNull();
        }
    }

    @Test
    void aLinkToATakenDownArchiveIsGone() throws Exception {
        var rows = new AccessRows(jdbc);
        var archive = rows.archive(GUILD, "incident");
        var share = rows.share(archive, 7, Instant.now().plus(Duration.ofDays(1)));
        rows.takeDown(archive);

        MvcResult answer = replica(Clock.systemUTC()).perform(get("/s/{token}", share.token())).andReturn();

        assertThat(answer.getResponse().getStatus()).isEqualTo(410);
        assertThat(answer.getResponse().getContentAsString()).isEqualTo("410 Gone: this archive was taken down\n");
    }

    private long sessionsHolding(String text) {
        return jdbc.sql("SELECT count(*) FROM spring_session_attributes WHERE position(convert_to(:text, 'UTF8') IN attribute_bytes) > 0")
                .param("text", text).query(Long.class).single();
    }

    private static String probe(MockMvc replica, long archiveKey, Cookie session) throws Exception {
        var request = get("/probe/{archiveKey}", archiveKey);
        if (session != null) {
            request.cookie(session);
        }
        return replica.perform(request).andReturn().getResponse().getContentAsString();
    }
}
