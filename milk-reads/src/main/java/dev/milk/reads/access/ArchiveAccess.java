package dev.milk.reads.access;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

import dev.milk.access.Visibility;
import dev.milk.reads.web.NotFoundException;

/**
 * Who may read an archive, a raid log or a media copy, decided at every request (never cached in
 * a page): the effective visibility (the archive's own, else its guild's default, else public);
 * public is open to anyone; else a share link of the request's session opens that one archive;
 * else a logged-in member of the guild the visibility admits, or one of the guild's staff. Without
 * a login a non-public page needs one; without login configured at all it does not exist (404).
 */
public class ArchiveAccess implements StaffOnly {

    /** What guards a page: the guild it belongs to, its effective visibility and the guild's staff roles. */
    public record Guard(Long guildId, Visibility visibility, List<Long> staffRoleIds) {

        /**
         * An archive's, from its row and its guild's {@code guild_access} row (every column null
         * without one): its own visibility, else the guild's default for archives, else public.
         */
        public static Guard ofArchive(ResultSet rs) throws SQLException {
            Visibility own = Visibility.of(rs.getString("visibility"), longs(rs.getArray("visibility_role_ids")));
            Visibility guilds = Visibility.of(rs.getString("archive_visibility"),
                    longs(rs.getArray("archive_visibility_role_ids")));
            Long[] staff = longs(rs.getArray("staff_role_ids"));
            return new Guard(rs.getObject("guild_id", Long.class),
                    own != null ? own : guilds != null ? guilds : Visibility.PUBLIC, staff == null ? List.of() : List.of(staff));
        }
    }

    /** The columns {@link Guard#ofArchive} reads, of {@code archive a LEFT JOIN guild_access g}. */
    public static final String ARCHIVE_GUARD_COLUMNS = """
            a.guild_id, a.visibility, a.visibility_role_ids, g.archive_visibility, g.archive_visibility_role_ids,
            g.staff_role_ids""";

    private final JdbcClient jdbc;
    /** Empty when login is off. */
    private final Optional<DiscordMembers> members;
    private final OAuth2AuthorizedClientRepository tokens;
    /** The share links and the viewer log: other features' beans, null when absent. */
    private final Supplier<SharedArchives> shares;
    private final Supplier<ViewLog> views;

    ArchiveAccess(DataSource readsDataSource, Optional<DiscordMembers> members,
            OAuth2AuthorizedClientRepository tokens, Supplier<SharedArchives> shares, Supplier<ViewLog> views) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.members = members;
        this.tokens = tokens;
        this.shares = shares;
        this.views = views;
    }

    /** Login off, no share links, no viewer log: public pages only, every other one a 404. */
    public static ArchiveAccess withoutLogin(DataSource readsDataSource) {
        return new ArchiveAccess(readsDataSource, Optional.empty(), new HttpSessionOAuth2AuthorizedClientRepository(),
                () -> null, () -> null);
    }

    /**
     * Decides, and tells the viewer log of a read it grants.
     *
     * @param archiveId the archive's row id
     * @param guard     read with the archive's row ({@link #ARCHIVE_GUARD_COLUMNS}), so a page costs no further query
     * @param route     page, json, txt, zip, dce or search
     * @throws NotFoundException       when login is off and the archive is not public: as if it did not exist
     * @throws LoginNeededException    when a login could grant it
     * @throws AccessMissingException  when the reader's login does not
     */
    public Access archive(HttpServletRequest request, long archiveId, Guard guard, String route) {
        Access access = decide(request, archiveId, guard, "no archive has this id");
        viewed(archiveId, access, route);
        return access;
    }

    /** A raid log: the guild's raid default ({@code guild.access}), public without one; no share links. */
    public Access raid(HttpServletRequest request, long guildId) {
        Guard guard = jdbc.sql("""
                SELECT raid_visibility, raid_visibility_role_ids, staff_role_ids FROM guild_access WHERE guild_id = :guild""")
                .param("guild", guildId)
                .query((rs, n) -> new Guard(guildId, Visibility.of(rs.getString(1), longs(rs.getArray(2))),
                        List.of(longs(rs.getArray(3)))))
                .optional().orElse(new Guard(guildId, Visibility.PUBLIC, List.of()));
        return decide(request, null, guard, "no raid has this id");
    }

    /**
     * A media copy, by its key: open when any archive holding it is public (or a row of no archive
     * holds it), else readable through any archive holding it that the request may read (the first
     * that grants it is logged). A key no row holds is left to the store (a 404 when it has no copy).
     */
    public Access media(HttpServletRequest request, String mediaKey) {
        // A row of no archive has no visibility to keep (none is stored but on an archive): it reads as public.
        List<Held> holders = jdbc.sql("SELECT m.archive_id, " + ARCHIVE_GUARD_COLUMNS
                        + " FROM (SELECT DISTINCT archive_id FROM archive_media WHERE media_key = :key) m"
                        + " LEFT JOIN archive a ON a.id = m.archive_id LEFT JOIN guild_access g ON g.guild_id = a.guild_id"
                        + " ORDER BY m.archive_id")
                .param("key", mediaKey)
                .query((rs, n) -> new Held(rs.getLong("archive_id"), Guard.ofArchive(rs)))
                .list();
        if (holders.isEmpty() || holders.stream().anyMatch(held -> held.guard().visibility().isPublic())) {
            return new Access.Open();
        }
        RuntimeException refusal = new NotFoundException("no copy has this key");
        for (Held held : holders) {
            try {
                Access access = decide(request, held.archiveId(), held.guard(), "no copy has this key");
                viewed(held.archiveId(), access, "media");
                return access;
            } catch (LoginNeededException | AccessMissingException e) {
                // The most a login could change: a 401 beats a 403 beats a 404.
                if (!(refusal instanceof LoginNeededException)) {
                    refusal = e;
                }
            }
        }
        throw refusal;
    }

    /** An archive holding a media copy, and what guards it. */
    private record Held(long archiveId, Guard guard) {
    }


    @Override
    public Reader requireStaff(HttpServletRequest request, long guildId) {
        List<Long> staff = jdbc.sql("SELECT staff_role_ids FROM guild_access WHERE guild_id = :guild")
                .param("guild", guildId).query((rs, n) -> List.of(longs(rs.getArray(1)))).optional().orElse(List.of());
        Access access = decide(request, null, new Guard(guildId, new Visibility(Visibility.Mode.STAFF, List.of()), staff),
                "nothing is at this address");
        return ((Access.Member) access).reader();
    }

    private Access decide(HttpServletRequest request, Long archiveId, Guard guard, String notFound) {
        if (guard.visibility().isPublic()) {
            return new Access.Open();
        }
        if (archiveId != null) {
            SharedArchives shared = shares.get();
            Optional<String> share = shared == null ? Optional.empty() : shared.shareIdFor(request, archiveId);
            if (share.isPresent()) {
                return new Access.Shared(share.get());
            }
        }
        if (members.isEmpty()) {
            throw new NotFoundException(notFound);
        }
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken user)) {
            throw new LoginNeededException();
        }
        OAuth2AuthorizedClient client = tokens.loadAuthorizedClient(DiscordLogin.REGISTRATION_ID, user, request);
        if (client == null) {
            throw new LoginNeededException();
        }
        Reader reader = reader(user);
        if (guard.guildId() == null) {
            throw new AccessMissingException(null);
        }
        DiscordMembers.Membership membership = members.get().of(reader.userId(), client.getAccessToken().getTokenValue(),
                guard.guildId());
        boolean staff = !guard.staffRoleIds().isEmpty() && membership.holdsAny(guard.staffRoleIds());
        boolean admitted = staff || switch (guard.visibility().mode()) {
            case MEMBERS -> membership.member();
            case ROLES -> membership.holdsAny(guard.visibility().roleIds());
            case STAFF, PUBLIC -> false;
        };
        if (!admitted) {
            throw new AccessMissingException(guard.guildId());
        }
        return new Access.Member(reader);
    }

    private void viewed(long archiveId, Access access, String route) {
        ViewLog log = views.get();
        if (log != null) {
            log.viewed(archiveId, access, route);
        }
    }

    /** Discord's user object, as the login stored it: its id, and the name the user shows. */
    static Reader reader(OAuth2AuthenticationToken user) {
        var attributes = user.getPrincipal().getAttributes();
        Object shown = attributes.get("global_name");
        Object name = shown != null ? shown : attributes.get("username");
        return new Reader(Long.parseLong(user.getName()), name == null ? null : name.toString());
    }



    private static Long[] longs(Array array) throws SQLException {
        return array == null ? null : (Long[]) array.getArray();
    }
}
