package dev.milk.writes.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.ShareTokens;
import dev.milk.publicid.PublicIds;
import dev.milk.settings.PlainHttp;
import dev.milk.settings.SettingException;
import dev.milk.writes.archive.ArchiveCommand;

/**
 * Share links ({@code archive.share}, {@code archive.share.revoked}), in the caller's transaction.
 * A share is one per archive, moderator and expiry: a redelivered {@code archive.share} is the same
 * share, answered with a new token (the first answer may be out already, and a hash cannot be
 * answered again), so a share may have several tokens; a revocation or expiry ends them all. Only
 * a token's SHA-256 is stored ({@link ShareTokens#hash}); the token itself is in the answer alone,
 * never in a log, a trace or a dead letter.
 *
 * <p>Plain JDBC, not the {@code ArchiveShare} aggregate: the batch's other writes are JDBC in the
 * same transaction, and {@code ON CONFLICT} is the redelivery's check.
 */
public final class ShareLinks {

    private final JdbcTemplate jdbc;
    private final PublicIds shareIds = new PublicIds();
    private final ShareTokens tokens = new ShareTokens();
    private final String publicUrl;

    /** @param publicUrl where Milk's pages are served ({@code MILK_PUBLIC_URL}); empty: links are paths */
    public ShareLinks(JdbcTemplate jdbc, String publicUrl) {
        this.jdbc = jdbc;
        this.publicUrl = base(publicUrl);
    }

    /**
     * The links' base: empty, or an https URL with a host and nothing after its path (a link is
     * appended); plain http only to a loopback address, the login's rule ({@link PlainHttp}): a link
     * carries its token, which must never cross a network in the clear.
     */
    private static String base(String publicUrl) {
        String base = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
        if (base.isEmpty()) {
            return base;
        }
        try {
            URI uri = new URI(base);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                PlainHttp.requireLoopback("MILK_PUBLIC_URL", uri);
                return base;
            }
        } catch (URISyntaxException e) {
            // refused below, with the setting named
        }
        throw new SettingException("MILK_PUBLIC_URL", "must be an https URL with a host and no query, such as"
                + " https://milk.example; it is '" + base + "'");
    }

    /**
     * A share link to hand out.
     *
     * @param url the link with its token: {@code <MILK_PUBLIC_URL>/s/<token>}; shown to the asker only
     */
    public record Issued(String shareId, String url) implements Outcome {

        @Override
        public String toString() {
            return "Issued[shareId=" + shareId + ", url=<not shown>]";
        }
    }

    /** An answer to {@code archive.share}: the link, or why there is none. */
    public sealed interface Outcome {
    }

    public record Refused(String reason) implements Outcome {
    }

    /** @param archive the archive's database key; it exists, is created and open */
    public Outcome share(long archive, ArchiveCommand.Share share, Instant now) {
        Timestamp expiresAt = Timestamp.from(share.expiresAt());
        while (true) {
            List<Found> found = jdbc.query("""
                    SELECT id, share_id, revoked_at IS NOT NULL AS revoked FROM archive_share
                    WHERE archive_id = ? AND created_by = ? AND expires_at = ?""",
                    (rs, n) -> new Found(rs.getLong("id"), rs.getString("share_id"), rs.getBoolean("revoked")),
                    archive, share.by(), expiresAt);
            if (!found.isEmpty()) {
                Found existing = found.getFirst();
                if (existing.revoked()) {
                    return new Refused("share '" + existing.shareId() + "' of archive '" + share.archiveId()
                            + "' (the same moderator and expiry) was revoked; ask for a new one with another expiry");
                }
                return new Issued(existing.shareId(), newToken(existing.id()));
            }
            // Nothing inserted: a public id drawn twice (astronomically rare), drawn again above.
            jdbc.update("""
                    INSERT INTO archive_share (share_id, archive_id, created_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    shareIds.next(), archive, share.by(), Timestamp.from(now), expiresAt);
        }
    }

    private record Found(long id, String shareId, boolean revoked) {
    }

    private String newToken(long share) {
        String token = tokens.next();
        jdbc.update("INSERT INTO archive_share_token (token_hash, share_id) VALUES (?, ?)", ShareTokens.hash(token), share);
        return publicUrl + "/s/" + token;
    }

    /**
     * Ends a share of the archive; the first revocation's time and moderator stay.
     *
     * @param archive the archive's database key, or null when Milk knows no such archive
     * @return why it was refused (no such share of this archive), or null
     */
    public String revoke(Long archive, ArchiveCommand.RevokeShare revocation, Instant now) {
        int revoked = archive == null ? 0 : jdbc.update("""
                UPDATE archive_share SET revoked_at = coalesce(revoked_at, ?), revoked_by = coalesce(revoked_by, ?)
                WHERE share_id = ? AND archive_id = ?""",
                Timestamp.from(now), revocation.by(), revocation.shareId(), archive);
        return revoked > 0 ? null : "shareId: archive '" + revocation.archiveId() + "' has no share '"
                + revocation.shareId() + "'";
    }
}
