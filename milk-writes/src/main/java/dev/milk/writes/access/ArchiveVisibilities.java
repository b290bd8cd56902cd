package dev.milk.writes.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.Visibility;
import dev.milk.writes.archive.ArchiveChanges;
import dev.milk.writes.archive.ArchiveCommand;

/**
 * An archive's own visibility ({@code archive.visibility}), in the caller's transaction. A change
 * that changes the columns bumps the archive's revision (every ETag changes) and tells every reads
 * replica to drop its kept pages: a public page kept before must not outlive the change. Every
 * change is audited once (who, why): a redelivered one, the same archive, visibility, moderator and
 * reason, finds its row and adds none (so the same decision repeated later is audited once too).
 */
public final class ArchiveVisibilities {

    private final JdbcTemplate jdbc;

    public ArchiveVisibilities(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param archive the archive's database key; it exists and is created */
    public void change(long archive, ArchiveCommand.ChangeVisibility change, Instant now) {
        Visibility visibility = change.visibility();
        String mode = visibility.mode().wireName();
        Long[] roles = visibility.roleIdColumn();
        jdbc.update("""
                INSERT INTO archive_visibility_change (archive_id, visibility, visibility_role_ids, changed_by, reason,
                                                       changed_at)
                SELECT ?, ?, ?::bigint[], ?, ?, ?
                WHERE NOT EXISTS (SELECT FROM archive_visibility_change
                                  WHERE archive_id = ? AND visibility = ? AND visibility_role_ids IS NOT DISTINCT FROM ?::bigint[]
                                    AND changed_by = ? AND reason IS NOT DISTINCT FROM ?)""",
                archive, mode, roles, change.by(), change.reason(), Timestamp.from(now),
                archive, mode, roles, change.by(), change.reason());
        int changed = jdbc.update("""
                UPDATE archive SET visibility = ?, visibility_role_ids = ?::bigint[], revision = revision + 1
                WHERE id = ? AND (visibility IS DISTINCT FROM ? OR visibility_role_ids IS DISTINCT FROM ?::bigint[])""",
                mode, roles, archive, mode, roles);
        if (changed > 0) {
            ArchiveChanges.announce(jdbc, List.of(archive));
        }
    }
}
