package dev.milk.reads.share;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.milk.access.ArchiveShare;
import dev.milk.access.ArchiveShareRepository;
import dev.milk.access.ShareTokens;
import dev.milk.reads.web.GoneException;
import dev.milk.reads.web.NotFoundException;

/**
 * {@code /s/{token}}: opens a share link. The token is checked by its hash, the grant (the share's
 * public id, never the token) is kept in the visitor's session, and a {@code 303} sends them to the
 * archive's own address, so the token leaves the address bar at once and no page, log line or
 * viewer log entry made afterwards can carry it. No answer repeats the token.
 */
@RestController
class ShareController {

    private static final String UNKNOWN = "no share link has this address";

    private final ArchiveShareRepository shares;
    private final JdbcClient jdbc;
    private final Clock clock;

    ShareController(ArchiveShareRepository shares, DataSource readsDataSource, Clock clock) {
        this.shares = shares;
        this.jdbc = JdbcClient.create(readsDataSource);
        this.clock = clock;
    }

    /** The archive a share opens, as far as the link needs it. */
    private record SharedArchive(String publicId, Instant deletedAt, Instant expiresAt) {
    }

    @GetMapping("/s/{token}")
    ResponseEntity<Void> open(@PathVariable String token, HttpServletRequest request) {
        ArchiveShare share = (ShareTokens.isWellFormed(token) ? shares.findByTokenHash(ShareTokens.hash(token))
                : Optional.<ArchiveShare>empty()).orElseThrow(() -> new NotFoundException(UNKNOWN));
        Instant now = clock.instant();
        if (share.revokedAt() != null) {
            throw new GoneException("this share link was revoked");
        }
        if (!share.opens(now)) {
            throw new GoneException("this share link has expired");
        }
        SharedArchive archive = jdbc.sql("SELECT public_id, deleted_at, expires_at FROM archive WHERE id = :id")
                .param("id", share.archiveId())
                .query((rs, n) -> new SharedArchive(rs.getString("public_id"), instant(rs.getObject("deleted_at",
                        OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class))))
                .optional().orElseThrow(() -> new NotFoundException(UNKNOWN));
        if (archive.deletedAt() != null) {
            throw new GoneException("this archive was taken down");
        }
        if (archive.expiresAt() != null && !archive.expiresAt().isAfter(now)) {
            throw new GoneException("this archive has expired");
        }
        boolean existed = request.getSession(false) != null;
        HttpSession session = request.getSession(true);
        if (existed) {
            // A session someone else may know (a planted cookie) never gains a grant under its old id.
            request.changeSessionId();
        }
        SessionShares.grant(session, share);
        String location = UriComponentsBuilder.fromPath("/archive/{id}").buildAndExpand(archive.publicId())
                .encode().toUriString();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .cacheControl(CacheControl.noStore()).header("Referrer-Policy", "no-referrer").build();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
