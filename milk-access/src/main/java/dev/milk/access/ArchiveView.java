package dev.milk.access;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One view of a non-public archive: by a Discord user, or through a share link (never its token). */
@Entity
@Table(name = "archive_view")
public class ArchiveView {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "archive_id", nullable = false)
    private long archiveId;

    @Column(name = "viewed_at", nullable = false)
    private Instant viewedAt;

    @Column(name = "viewer_id")
    private Long viewerId;

    @Column(name = "viewer_name")
    private String viewerName;

    @Column(name = "share_id")
    private String shareId;

    @Column(name = "route", nullable = false)
    private String route;

    @Column(name = "replica", nullable = false)
    private String replica;

    protected ArchiveView() {
    }

    private ArchiveView(long archiveId, Instant viewedAt, Long viewerId, String viewerName, String shareId,
            String route, String replica) {
        this.archiveId = archiveId;
        this.viewedAt = viewedAt;
        this.viewerId = viewerId;
        this.viewerName = viewerName;
        this.shareId = shareId;
        this.route = route;
        this.replica = replica;
    }

    public static ArchiveView byUser(long archiveId, Instant at, long userId, String name, String route, String replica) {
        return new ArchiveView(archiveId, at, userId, name, null, route, replica);
    }

    public static ArchiveView byShare(long archiveId, Instant at, String shareId, String route, String replica) {
        return new ArchiveView(archiveId, at, null, null, shareId, route, replica);
    }

    public Long id() {
        return id;
    }

    public long archiveId() {
        return archiveId;
    }

    public Instant viewedAt() {
        return viewedAt;
    }

    public Long viewerId() {
        return viewerId;
    }

    public String viewerName() {
        return viewerName;
    }

    public String shareId() {
        return shareId;
    }

    public String route() {
        return route;
    }

    public String replica() {
        return replica;
    }
}
