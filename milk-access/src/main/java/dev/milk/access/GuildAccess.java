package dev.milk.access;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A guild's staff roles and default visibilities, as its latest {@code guild.access} set them. */
@Entity
@Table(name = "guild_access")
public class GuildAccess {

    @Id
    @Column(name = "guild_id")
    private long guildId;

    @Column(name = "staff_role_ids", nullable = false)
    private Long[] staffRoleIds;

    @Column(name = "archive_visibility", nullable = false)
    private String archiveVisibility;

    @Column(name = "archive_visibility_role_ids")
    private Long[] archiveVisibilityRoleIds;

    @Column(name = "raid_visibility", nullable = false)
    private String raidVisibility;

    @Column(name = "raid_visibility_role_ids")
    private Long[] raidVisibilityRoleIds;

    @Column(name = "changed_by", nullable = false)
    private long changedBy;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected GuildAccess() {
    }

    public GuildAccess(long guildId) {
        this.guildId = guildId;
    }

    public void change(List<Long> staffRoleIds, Visibility archives, Visibility raids, long by, Instant at) {
        this.staffRoleIds = staffRoleIds.toArray(Long[]::new);
        this.archiveVisibility = archives.mode().wireName();
        this.archiveVisibilityRoleIds = archives.roleIdColumn();
        this.raidVisibility = raids.mode().wireName();
        this.raidVisibilityRoleIds = raids.roleIdColumn();
        this.changedBy = by;
        this.changedAt = at;
    }

    public long guildId() {
        return guildId;
    }

    public List<Long> staffRoleIds() {
        return List.of(staffRoleIds);
    }

    /** For archives created without a visibility of their own. */
    public Visibility archiveVisibility() {
        return Visibility.of(archiveVisibility, archiveVisibilityRoleIds);
    }

    public Visibility raidVisibility() {
        return Visibility.of(raidVisibility, raidVisibilityRoleIds);
    }

    public long changedBy() {
        return changedBy;
    }

    public Instant changedAt() {
        return changedAt;
    }
}
