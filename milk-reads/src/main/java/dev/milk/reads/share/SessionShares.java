package dev.milk.reads.share;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import dev.milk.access.ArchiveShare;
import dev.milk.access.ArchiveShareRepository;
import dev.milk.reads.access.SharedArchives;

/**
 * The share links a visitor opened, kept in their HTTP session (Spring Session JDBC: every reads
 * replica sees it) as the share's public id per archive, never the token. Every request checks the
 * share's row again, so a revocation or an expiry ends it on every replica at the next request.
 */
public final class SessionShares implements SharedArchives {

    private static final String GRANT = "milk.share.";

    private final ArchiveShareRepository shares;
    private final Clock clock;

    public SessionShares(ArchiveShareRepository shares, Clock clock) {
        this.shares = shares;
        this.clock = clock;
    }

    /** Remembers in the visitor's session that {@code share} opens its archive for them. */
    static void grant(HttpSession session, ArchiveShare share) {
        session.setAttribute(GRANT + share.archiveId(), share.shareId());
    }

    @Override
    public Optional<String> shareIdFor(HttpServletRequest request, long archiveId) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(GRANT + archiveId) instanceof String shareId)) {
            return Optional.empty();
        }
        Optional<String> open = shares.findByShareId(shareId)
                .filter(share -> share.archiveId() == archiveId && share.opens(clock.instant()))
                .map(ArchiveShare::shareId);
        if (open.isEmpty()) {
            // Revoked or expired for good: the session stops carrying it.
            session.removeAttribute(GRANT + archiveId);
        }
        return open;
    }
}
