package dev.milk.reads.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import dev.milk.settings.SettingException;

/** The login's settings: none without a client id, and a start-up refused, naming the setting, for each mistake. */
class DiscordLoginTest {

    private static MockEnvironment complete() {
        return new MockEnvironment().withProperty("milk.discord.client-id", "123")
                .withProperty("milk.discord.client-secret", "s3cret").withProperty("milk.public-url", "https://milk.example/");
    }

    @Test
    void withoutAClientIdThereIsNoLogin() {
        assertThat(DiscordLogin.of(new MockEnvironment())).isEmpty();
        assertThat(DiscordLogin.of(new MockEnvironment().withProperty("milk.discord.client-id", " "))).isEmpty();
    }

    @Test
    void theRegistrationIsDiscordsWithTheRedirectUnderThePublicUrl() {
        var registration = DiscordLogin.of(complete()).orElseThrow().registration();

        assertThat(registration.getRedirectUri()).isEqualTo("https://milk.example/login/oauth2/code/discord");
        assertThat(registration.getScopes()).containsExactlyInAnyOrder("identify", "guilds.members.read");
        assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo("https://discord.com/api/v10/oauth2/token");
        assertThat(registration.getProviderDetails().getUserInfoEndpoint().getUri())
                .isEqualTo("https://discord.com/api/v10/users/@me");
        assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo("https://discord.com/oauth2/authorize");
        assertThat(DiscordLogin.of(complete()).orElseThrow().membershipCache()).hasMinutes(5);
    }

    @Test
    void eachMistakeIsRefusedNamingItsSetting() {
        assertRefused(complete().withProperty("milk.discord.client-secret", ""), "MILK_DISCORD_CLIENT_SECRET");
        assertRefused(complete().withProperty("milk.public-url", ""), "MILK_PUBLIC_URL");
        assertRefused(complete().withProperty("milk.public-url", "http://milk.example"), "MILK_PUBLIC_URL");
        assertRefused(complete().withProperty("milk.discord.api-url", "http://10.0.0.1/api"), "MILK_DISCORD_API_URL");
        assertRefused(complete().withProperty("milk.discord.authorize-url", "ftp://127.0.0.1/x"), "MILK_DISCORD_AUTHORIZE_URL");
        assertRefused(complete().withProperty("milk.discord.membership-cache", "6m"), "MILK_DISCORD_MEMBERSHIP_CACHE");
        assertRefused(complete().withProperty("milk.discord.membership-cache", "0s"), "MILK_DISCORD_MEMBERSHIP_CACHE");
    }

    @Test
    void plainHttpOnlyOnLoopbackAndCookiesSecureElsewhere() {
        var local = complete().withProperty("milk.public-url", "http://127.0.0.1:8080")
                .withProperty("milk.discord.api-url", "http://localhost:9000/api");
        assertThat(DiscordLogin.of(local)).isPresent();
        assertThat(DiscordLogin.secureCookies(local)).isFalse();
        assertThat(DiscordLogin.secureCookies(complete())).isTrue();
        assertThat(DiscordLogin.secureCookies(new MockEnvironment())).isTrue();
        assertRefused(complete().withProperty("milk.public-url", "http://127.0.0.1.evil.example"), "MILK_PUBLIC_URL");
        assertThat(DiscordLogin.secureCookies(complete().withProperty("milk.public-url", "http://localhost.evil.example")))
                .isTrue();
    }

    private static void assertRefused(MockEnvironment environment, String variable) {
        assertThatThrownBy(() -> DiscordLogin.of(environment)).isInstanceOfSatisfying(SettingException.class,
                e -> assertThat(e.variable()).isEqualTo(variable));
    }
}
