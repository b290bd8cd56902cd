package dev.milk.writes.forget;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.access.UserForget;

/**
 * Forgets a user as a reader of non-public archives, in the forget's transaction.
 *
 * <p>The viewer log: their name becomes "Deleted user" on their views of the guild's archives (of
 * every guild's when the forget names none); their id stays, as in raid logs. The log is the guild's
 * record of who read what its staff kept to themselves, and a view with no one behind it would leave
 * that record with a hole; an id alone names no one without Discord's help, and the whole log is
 * purged after {@code MILK_VIEW_LOG_RETENTION}.
 *
 * <p>Their logins: Spring Session's rows whose principal is their Discord id are deleted (their
 * attributes with them), whatever guild the forget names. A login belongs to no guild, and it holds
 * their Discord name and tokens; ending it costs them only a new login, which is a new act of theirs
 * and logged as one.
 */
public final class ReaderForgetting {

    private final JdbcTemplate jdbc;

    public ReaderForgetting(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param guildId null: every guild */
    public void forget(Long guildId, long userId) {
        jdbc.update("""
                UPDATE archive_view v SET viewer_name = ?
                FROM archive a
                WHERE a.id = v.archive_id AND v.viewer_id = ? AND (a.guild_id = ? OR ?::bigint IS NULL)
                  AND v.viewer_name IS DISTINCT FROM ?""",
                UserForget.DELETED_USER, userId, guildId, guildId, UserForget.DELETED_USER);
        // The principal's name is the Discord id (DiscordLogin's user name attribute), found by spring_session_ix3.
        jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", Long.toString(userId));
    }
}
