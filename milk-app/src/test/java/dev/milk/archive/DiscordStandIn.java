package dev.milk.archive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.milk.MilkApplication;
import dev.milk.testing.TestPostgres;

/**
 * Discord's OAuth2 and API as Milk's login uses them, on 127.0.0.1: a consent page that sends the
 * browser back to the redirect URI with a code and the same state (the account is chosen by the
 * test, as a person chooses it, with {@code &user=}), the token endpoint (which refuses a request
 * without PKCE's {@code code_verifier}), {@code /users/@me} and each guild's member endpoint.
 */
public final class DiscordStandIn {

    static final String CLIENT_SECRET = "client-secret-never-logged";

    private final WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
            .globalTemplating(true));

    public DiscordStandIn() {
        server.start();
        server.stubFor(get(urlPathEqualTo("/oauth2/authorize")).willReturn(aResponse().withStatus(302).withHeader("Location",
                "{{request.query.redirect_uri}}?code=code-{{request.query.user}}&state={{request.query.state}}")));
    }

    /**
     * Milk's login settings pointing at this stand-in, Milk on {@code port} of the loopback (its
     * public URL, so the redirect URI and the cookie fit a developer's machine).
     */
    public void login(DynamicPropertyRegistry settings, int port) {
        settings.add("server.port", () -> port);
        settings.add("milk.public-url", () -> "http://127.0.0.1:" + port);
        settings.add("milk.discord.client-id", () -> "1234567890");
        settings.add("milk.discord.client-secret", () -> CLIENT_SECRET);
        settings.add("milk.discord.api-url", this::apiUrl);
        settings.add("milk.discord.authorize-url", this::authorizeUrl);
    }

    /**
     * Another reads replica of the Milk {@link #login logging in} here with public port {@code
     * port}, as production runs it: on the reads role, whose grants name the session tables and the
     * viewer log (the test database's URL names its own user: left out, as ReadsRoleTest does).
     * Its public port: {@code LocalPorts.of(replica, "/archive")}.
     */
    public ConfigurableApplicationContext readsReplica(int port) {
        return new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=reads",
                "--milk.reads.database.url=" + TestPostgres.database().url().replaceFirst("\\?.*$", ""),
                "--milk.reads.database.username=milk_reads", "--milk.reads.database.password=reads-secret",
                "--milk.http.port=0", "--milk.reads.rate-limit.per-second=0", "--milk.public-url=http://127.0.0.1:" + port,
                "--milk.discord.client-id=1234567890", "--milk.discord.client-secret=" + CLIENT_SECRET,
                "--milk.discord.api-url=" + apiUrl(), "--milk.discord.authorize-url=" + authorizeUrl());
    }

    /** A port free now, for a Milk whose public URL must be known before it starts. */
    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    String apiUrl() {
        return server.baseUrl() + "/api/v10";
    }

    String authorizeUrl() {
        return server.baseUrl() + "/oauth2/authorize";
    }

    WireMockServer server() {
        return server;
    }

    /** A Discord account: its code, token and user object. */
    public void user(String name, long id) {
        server.stubFor(post(urlPathEqualTo("/api/v10/oauth2/token"))
                .withRequestBody(containing("code=code-" + name)).withRequestBody(containing("code_verifier="))
                .withRequestBody(containing("client_secret=" + CLIENT_SECRET))
                .willReturn(okJson("{\"access_token\":\"" + token(name) + "\",\"token_type\":\"Bearer\",\"expires_in\":604800,"
                        + "\"refresh_token\":\"refresh-" + name + "\",\"scope\":\"identify guilds.members.read\"}")));
        server.stubFor(get(urlPathEqualTo("/api/v10/users/@me")).withHeader("Authorization", equalTo("Bearer " + token(name)))
                .willReturn(okJson("{\"id\":\"" + id + "\",\"username\":\"" + name + "\",\"global_name\":\"" + name + "\"}")));
    }

    /** The user's roles in the guild; null: not a member (Discord's 404, Unknown Guild). */
    public void member(String name, String guildId, List<Long> roles) {
        var answer = roles == null
                ? aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Unknown Guild\",\"code\":10004}")
                : okJson("{\"roles\":[" + roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","))
                        + "],\"nick\":null}");
        server.stubFor(get(urlPathEqualTo("/api/v10/users/@me/guilds/" + guildId + "/member"))
                .withHeader("Authorization", equalTo("Bearer " + token(name))).willReturn(answer));
    }

    /** Discord limiting the user's member requests: 429 with a retry_after. */
    void limited(String name, String guildId) {
        server.stubFor(get(urlPathEqualTo("/api/v10/users/@me/guilds/" + guildId + "/member"))
                .withHeader("Authorization", equalTo("Bearer " + token(name))).willReturn(aResponse().withStatus(429)
                        .withHeader("Content-Type", "application/json").withHeader("Retry-After", "3")
                        .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":3.0,\"global\":false}")));
    }

    static String token(String name) {
        return "discord-token-" + name + "-never-logged";
    }
}
