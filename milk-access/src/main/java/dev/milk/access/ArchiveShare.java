package dev.milk.access;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A share link: opens one archive without a login until it expires or is revoked. Its tokens are
 * kept as SHA-256 hashes only (hex); see V10__privacy.sql for why a share may have several.
 */
@Entity
@Table(name = "archive_share")
public class ArchiveShare {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "share_id", nullable = false, unique = true)
    private String shareId;

    @Column(name = "archive_id", nullable = false)
    private long archiveId;

    @Column(name = "created_by", nullable = false)
    private long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private Long revokedBy;

    @ElementCollection
    @CollectionTable(name = "archive_share_token", joinColumns = @JoinColumn(name = "share_id"))
    @Column(name = "token_hash")
    private Set<String> tokenHashes = new HashSet<>();

    protected ArchiveShare() {
    }

    public ArchiveShare(String shareId, long archiveId, long createdBy, Instant createdAt, Instant expiresAt) {
        this.shareId = shareId;
        this.archiveId = archiveId;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public void addTokenHash(String hexSha256) {
        tokenHashes.add(hexSha256);
    }

    public void revoke(long by, Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
            revokedBy = by;
        }
    }

    /** Whether it opens its archive at {@code now}. */
    public boolean opens(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public String shareId() {
        return shareId;
    }

    public long archiveId() {
        return archiveId;
    }

    public long createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public Long revokedBy() {
        return revokedBy;
    }
}
