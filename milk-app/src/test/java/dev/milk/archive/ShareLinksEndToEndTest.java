package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.access.ShareTokens;
import dev.milk.reads.access.Access;
import dev.milk.reads.access.ViewLog;

/**
 * A share link through the whole application: the link's grant lands in Spring Session's table
 * (what every reads replica reads), the token in no table, answer or log line, and a view through
 * the link reaches the viewer log by its share's public id. The share row is inserted as the
 * writer of archive.share stores it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShareLinksEndToEndTest extends MilkEndToEndTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ViewLog viewLog;

    @Test
    void aShareLinkGrantsInTheSharedSessionAndIsLoggedByItsPublicIdOnly(CapturedOutput output) throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        long archiveKey = jdbc.queryForObject("SELECT id FROM archive WHERE public_id = ?", Long.class, publicId);
        long shareKey = jdbc.queryForObject("""
                INSERT INTO archive_share (share_id, archive_id, created_by, created_at, expires_at)
                VALUES ('e2eShare0001', ?, 42, now(), ?) RETURNING id""", Long.class, archiveKey,
                Timestamp.from(Instant.now().plus(1, ChronoUnit.DAYS)));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("INSERT INTO archive_share_token (token_hash, share_id) VALUES (?, ?)", ShareTokens.hash(token), shareKey);

        HttpResponse<String> opened = get("/s/" + token);

        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.headers().firstValue("Location")).hasValue("/archive/" + publicId);
        assertThat(opened.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(opened.headers().firstValue("Set-Cookie")).as("the session's cookie").isPresent();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session_attributes WHERE attribute_name = ?",
                Long.class, "milk.share." + archiveKey)).as("the grant, where every replica reads it").isEqualTo(1);

        viewLog.viewed(archiveKey, new Access.Shared("e2eShare0001"), "page");
        eventually(() -> jdbc.queryForObject("SELECT count(*) FROM archive_view WHERE archive_id = ? AND share_id = ?",
                Long.class, archiveKey, "e2eShare0001") == 1, "the view in the viewer log");

        assertThat(get("/s/" + token.substring(1) + "A").statusCode()).as("another token").isEqualTo(404);
        assertThat(output.getAll()).as("the logs").doesNotContain(token);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM archive_view WHERE share_id LIKE ? OR route LIKE ?",
                Long.class, "%" + token + "%", "%" + token + "%")).as("the token in the viewer log").isZero();
    }
}
