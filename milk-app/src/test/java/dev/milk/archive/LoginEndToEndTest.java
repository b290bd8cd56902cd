package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.milk.MilkEndToEndTest;

/**
 * Milk in role {@code all} with the login with Discord on, against one {@link DiscordStandIn} that
 * every subclass shares, and with it one Spring context. The stand-in knows accounts by name: each
 * subclass names its own.
 */
abstract class LoginEndToEndTest extends MilkEndToEndTest {

    static final DiscordStandIn DISCORD = new DiscordStandIn();
    /** Milk's public port, and its public URL's. */
    static final int PORT = DiscordStandIn.freePort();

    @DynamicPropertySource
    static void login(DynamicPropertyRegistry settings) {
        DISCORD.login(settings, PORT);
    }

    @Autowired
    JdbcTemplate jdbc;

    /** A browser logged in as {@code account}, sent home by the login. */
    static Browser loggedIn(String account) {
        Browser browser = new Browser(account);
        assertThat(browser.open(milk("/oauth2/authorization/discord")).statusCode()).as("%s logged in", account)
                .isEqualTo(200);
        return browser;
    }

    static URI milk(String path) {
        return at(PORT, path);
    }

    /** {@code path} on a Milk of the test's on {@code port}: this one, or another reads replica. */
    static URI at(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
