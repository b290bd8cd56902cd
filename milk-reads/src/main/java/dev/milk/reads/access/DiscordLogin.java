package dev.milk.reads.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

import dev.milk.settings.PlainHttp;
import dev.milk.settings.SettingException;

/**
 * Login with Discord, as Milk's settings describe it ({@code MILK_DISCORD_*}, {@code MILK_PUBLIC_URL}).
 * Without a client id there is none: {@link #of} is empty and no non-public page opens to anyone.
 *
 * @param publicUrl       where browsers reach Milk, without a trailing slash: the redirect URI's base
 * @param apiUrl          Discord's API: the token, the user and the member endpoints
 * @param authorizeUrl    Discord's consent page
 * @param membershipCache how long a member's roles are trusted before Discord is asked again (at most 5 minutes)
 */
public record DiscordLogin(String clientId, String clientSecret, URI publicUrl, URI apiUrl, URI authorizeUrl,
        Duration membershipCache) {

    public static final String REGISTRATION_ID = "discord";
    /** Where a login starts: Spring Security's authorization request endpoint for the registration. */
    public static final String LOGIN_PATH = "/oauth2/authorization/" + REGISTRATION_ID;
    /** Where Discord sends the reader back: Spring Security's login endpoint for the registration. */
    public static final String CALLBACK_PATH = "/login/oauth2/code/" + REGISTRATION_ID;
    static final Duration LONGEST_MEMBERSHIP_CACHE = Duration.ofMinutes(5);

    /** @return the login the settings describe, or empty when {@code MILK_DISCORD_CLIENT_ID} is unset */
    public static Optional<DiscordLogin> of(Environment environment) {
        String clientId = text(environment, "milk.discord.client-id");
        Duration cache = membershipCache(environment);
        if (clientId == null) {
            return Optional.empty();
        }
        String secret = text(environment, "milk.discord.client-secret");
        if (secret == null) {
            throw new SettingException("MILK_DISCORD_CLIENT_SECRET",
                    "is not set (nor MILK_DISCORD_CLIENT_SECRET_FILE), and MILK_DISCORD_CLIENT_ID is");
        }
        String publicUrl = text(environment, "milk.public-url");
        if (publicUrl == null) {
            throw new SettingException("MILK_PUBLIC_URL",
                    "is not set, and MILK_DISCORD_CLIENT_ID is: Discord's redirect URI is made from it");
        }
        return Optional.of(new DiscordLogin(clientId, secret,
                url("MILK_PUBLIC_URL", publicUrl.replaceAll("/+$", "")),
                url("MILK_DISCORD_API_URL", environment.getProperty("milk.discord.api-url", "https://discord.com/api/v10")
                        .replaceAll("/+$", "")),
                url("MILK_DISCORD_AUTHORIZE_URL",
                        environment.getProperty("milk.discord.authorize-url", "https://discord.com/oauth2/authorize")),
                cache));
    }

    /** The registration Spring Security logs in with: authorization code, PKCE added by {@link ReadsSecurity}. */
    ClientRegistration registration() {
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(publicUrl + CALLBACK_PATH)
                .scope("identify", "guilds.members.read")
                .authorizationUri(authorizeUrl.toString())
                .tokenUri(apiUrl + "/oauth2/token")
                .userInfoUri(apiUrl + "/users/@me")
                .userNameAttributeName("id")
                .clientName("Discord")
                .build();
    }

    /** The member endpoint of one guild, for the logged-in user's own token. */
    URI memberUrl(long guildId) {
        return URI.create(apiUrl + "/users/@me/guilds/" + guildId + "/member");
    }

    /** Cookies go over HTTPS only, unless Milk itself is reached over plain http on loopback (development, tests). */
    boolean secureCookies() {
        return "https".equals(publicUrl.getScheme());
    }

    /** Whether {@code MILK_PUBLIC_URL} asks for secure cookies, whether or not login is on (share links use the session too). */
    static boolean secureCookies(Environment environment) {
        String publicUrl = text(environment, "milk.public-url");
        if (publicUrl == null) {
            return true;
        }
        try {
            return !PlainHttp.onLoopback(new URI(publicUrl));
        } catch (URISyntaxException e) {
            return true;
        }
    }

    private static Duration membershipCache(Environment environment) {
        Duration cache;
        try {
            cache = environment.getProperty("milk.discord.membership-cache", Duration.class, LONGEST_MEMBERSHIP_CACHE);
        } catch (RuntimeException e) {
            throw new SettingException("MILK_DISCORD_MEMBERSHIP_CACHE", "must be a duration such as 5m or 30s");
        }
        if (cache.isNegative() || cache.isZero() || cache.compareTo(LONGEST_MEMBERSHIP_CACHE) > 0) {
            throw new SettingException("MILK_DISCORD_MEMBERSHIP_CACHE",
                    "must be positive and at most 5m: a removed role must stop working within it");
        }
        return cache;
    }

    /** An absolute https URL, or http to a loopback address only: a token must never cross a network in the clear. */
    private static URI url(String variable, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new SettingException(variable, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new SettingException(variable, "must be an absolute https URL");
        }
        PlainHttp.requireLoopback(variable, uri);
        return uri;
    }

    /** Whether {@code MILK_DISCORD_CLIENT_ID} turns login on. */
    static final class On implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return text(context.getEnvironment(), "milk.discord.client-id") != null;
        }
    }

    private static String text(Environment environment, String property) {
        String value = environment.getProperty(property);
        return StringUtils.hasText(value) ? value.strip() : null;
    }
}
