package dev.milk.reads.access;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.TryLaterException;

/**
 * Whether a logged-in reader is a member of a guild, and with which roles, as Discord says with
 * the reader's own token ({@code GET /users/@me/guilds/{guild}/member}). Trusted for
 * {@code MILK_DISCORD_MEMBERSHIP_CACHE} (at most 5 minutes) per reader and guild: a removed role
 * stops working within it. Discord failing or limiting is a 503 to try later, never a 500.
 */
class DiscordMembers {

    private static final Logger log = LoggerFactory.getLogger(DiscordMembers.class);

    /** The roles of a member; empty: not a member of the guild. */
    record Membership(Optional<List<Long>> roles) {

        static final Membership NONE = new Membership(Optional.empty());

        boolean member() {
            return roles.isPresent();
        }

        boolean holdsAny(List<Long> wanted) {
            return roles.map(held -> held.stream().anyMatch(wanted::contains)).orElse(false);
        }
    }

    private record Key(long userId, long guildId) {
    }

    /** The only part of Discord's member object Milk reads. */
    private record Member(List<String> roles) {
    }

    private final DiscordLogin login;
    private final RestClient discord;
    private final Cache<Key, Membership> memberships;

    DiscordMembers(DiscordLogin login, RestClient.Builder http) {
        this.login = login;
        this.discord = http.build();
        this.memberships = Caffeine.newBuilder().expireAfterWrite(login.membershipCache()).maximumSize(100_000).build();
    }

    /**
     * @param accessToken the reader's Discord token (never logged)
     * @throws LoginNeededException when Discord no longer accepts the token: a new login gets a new one
     */
    Membership of(long userId, String accessToken, long guildId) {
        return memberships.get(new Key(userId, guildId), key -> ask(accessToken, guildId));
    }

    private Membership ask(String accessToken, long guildId) {
        try {
            return discord.get().uri(login.memberUrl(guildId)).accept(MediaType.APPLICATION_JSON)
                    .headers(headers -> headers.setBearerAuth(accessToken))
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.value() == 404) {
                            return Membership.NONE;
                        }
                        if (status.value() == 401) {
                            throw new LoginNeededException();
                        }
                        if (!status.is2xxSuccessful()) {
                            throw unavailable("answered " + status.value());
                        }
                        Member member = response.bodyTo(Member.class);
                        List<String> roles = member == null || member.roles() == null ? List.of() : member.roles();
                        return new Membership(Optional.of(roles.stream().map(Long::parseLong).toList()));
                    });
        } catch (ResourceAccessException e) {
            throw unavailable("could not be reached: " + rootMessage(e));
        } catch (RestClientException | NumberFormatException e) {
            throw unavailable("answered what Milk cannot read: " + e.getClass().getSimpleName());
        }
    }

    private static TryLaterException unavailable(String what) {
        log.warn("answered 503, Discord's member endpoint {}", what);
        return new TryLaterException(ReadErrors.Kind.DISCORD, 10,
                "Discord cannot tell right now whether you may read this, try again shortly");
    }

    private static String rootMessage(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof IOException ? cause.getClass().getSimpleName() : String.valueOf(cause.getMessage());
    }
}
