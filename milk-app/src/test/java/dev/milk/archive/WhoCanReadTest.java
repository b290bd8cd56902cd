package dev.milk.archive;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.MilkEndToEndTest;
import dev.milk.testing.Waits;

/**
 * Who can read what, through the login with Discord (a stand-in of it on 127.0.0.1), real Kafka
 * and PostgreSQL: every visibility mode with a member, a member without the role, a staff member,
 * a stranger and no login, on each route of an archive; a role removed on Discord's side; the
 * answers that must not leak (403 page, caching, a linked thread, a reply's preview); the login's
 * hostile cases. Archives get their visibility from {@code archive.created}, the guild its staff
 * roles from {@code guild.access}, both through Kafka as a bot sends them.
 */
@ExtendWith(OutputCaptureExtension.class)
class WhoCanReadTest extends MilkEndToEndTest {

    private static final DiscordStandIn DISCORD = new DiscordStandIn();
    private static final int PORT = DiscordStandIn.freePort();
    private static final long ROLE = 111L;
    private static final long STAFF = 999L;
    private static final String THREAD_CHANNEL = "1319000000000000100";

    @DynamicPropertySource
    static void login(DynamicPropertyRegistry settings) {
        DISCORD.login(settings, PORT);
        settings.add("milk.discord.membership-cache", () -> "1s");
    }

    @Autowired
    JdbcTemplate jdbc;

    /** The key of each test archive's media copy, by the archive's public id. */
    private final Map<String, String> copies = new ConcurrentHashMap<>();

    /** Each account: its Discord id and its roles in the archives' guild (null: not a member). */
    private static final Map<String, Long> ACCOUNTS = Map.of("member", 7001L, "roleless", 7002L, "staff", 7003L,
            "stranger", 7004L);

    /** The staff's thread every test archive links: created once, read by no one but the staff. */
    private static String thread;
    private static String threadPublicId;
    private static final String THREAD_WORDS = "plans of the staff";

    /** The readers, logged in once for the class (each test that logs out or changes roles has its own). */
    private static final Map<String, Browser> READERS = new ConcurrentHashMap<>();

    /**
     * Who reads each mode: 200, 403, or 401 for a login asked for (an HTML page's is a 302 to it).
     * The thread each archive links is the staff's whatever the archive's mode: its "staff" row.
     */
    private static final Map<String, Map<String, Integer>> ADMITTED = Map.of(
            "public", Map.of("member", 200, "roleless", 200, "staff", 200, "stranger", 200, "anonymous", 200),
            "members", Map.of("member", 200, "roleless", 200, "staff", 200, "stranger", 403, "anonymous", 401),
            "roles", Map.of("member", 200, "roleless", 403, "staff", 200, "stranger", 403, "anonymous", 401),
            "staff", Map.of("member", 403, "roleless", 403, "staff", 200, "stranger", 403, "anonymous", 401));

    @BeforeEach
    void accounts() throws Exception {
        ACCOUNTS.forEach(DISCORD::user);
        DISCORD.member("member", GUILD, List.of(ROLE));
        DISCORD.member("roleless", GUILD, List.of());
        DISCORD.member("staff", GUILD, List.of(STAFF));
        DISCORD.member("stranger", GUILD, null);
        staffRoles(GUILD, "public");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"public", "members", "roles", "staff"})
    void eachModeAdmitsWhomItNamesOnEveryRoute(String mode) throws Exception {
        String publicId = sealedArchive(mode);
        for (var reader : ADMITTED.get(mode).entrySet()) {
            Browser browser = reader(reader.getKey());
            for (String route : routes(publicId)) {
                var answer = browser.download(milk(route));
                String body = new String(answer.body(), StandardCharsets.UTF_8);
                boolean html = !route.contains(".");
                int expected = reader.getValue() == 401 && html ? 302 : reader.getValue();
                assertThat(answer.statusCode()).as("%s reading %s (%s)", reader.getKey(), route, mode).isEqualTo(expected);
                assertThat(body).as("the linked thread's messages").doesNotContain(THREAD_WORDS);
                switch (expected) {
                    case 200 -> {
                        assertThat(answer.headers().firstValue("Cache-Control")).as(route).hasValueSatisfying(value ->
                                assertThat(value).contains("public".equals(mode) ? "public" : "no-store, private"));
                        String content = route.endsWith(".zip")
                                ? new String(OfflineExportTest.unzip(answer.body()).get("index.html"), StandardCharsets.UTF_8)
                                : body;
                        assertThat(content).as(route).contains("words").doesNotContain(THREAD_WORDS);
                    }
                    case 403 -> {
                        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store, private");
                        assertThat(body).as("nothing of the archive on its 403, but its guild")
                                .doesNotContain("words").doesNotContain("general").doesNotContain("confidential")
                                .doesNotContain("appeals").contains(GUILD);
                    }
                    case 302 -> assertThat(answer.headers().firstValue("Location")).hasValue("/oauth2/authorization/discord");
                    default -> assertThat(body.lines()).as("a 401 of one line").hasSize(1).noneMatch(l -> l.contains("words"));
                }
            }
            if (reader.getValue() == 200) {
                linksTheThreadWithoutItsMessages(browser, publicId, reader.getKey());
            }
        }
    }

    /**
     * What a reader of the archive sees of the staff thread it links: the reply's preview and the
     * thread's link on the page, the link in the JSON and the transcript, and the thread's own
     * answer, which only the staff may read.
     */
    private static void linksTheThreadWithoutItsMessages(Browser browser, String publicId, String reader) {
        String archive = "/archive/" + publicId;
        assertThat(browser.send("GET", milk(archive)).body()).as("%s: the reply's preview, the thread's link", reader)
                .contains("<span class=\"reply-text\">secret words</span>")
                .contains("href=\"/archive/" + threadPublicId + "\"");
        assertThat(browser.send("GET", milk(archive + ".json")).body()).contains("\"publicId\":\"" + threadPublicId + "\"");
        assertThat(browser.send("GET", milk(archive + ".txt")).body()).contains("/archive/" + threadPublicId);
        int thread = switch (reader) {
            case "staff" -> 200;
            case "anonymous" -> 401;
            default -> 403;
        };
        for (String route : List.of(".json", ".zip", ".dce.json")) {
            var answer = browser.send("GET", milk("/archive/" + threadPublicId + route));
            assertThat(answer.statusCode()).as("%s following the link to the thread's %s", reader, route).isEqualTo(thread);
            if (thread != 200) {
                assertThat(answer.body()).doesNotContain(THREAD_WORDS);
            }
        }
    }

    @Test
    void theLoginReturnsToThePageItWasAskedFromWithPkce() throws Exception {
        String publicId = sealedArchive("staff");
        Browser staff = new Browser("staff");

        HttpResponse<String> page = staff.open(milk("/archive/" + publicId + "?q=secret"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/archive/" + publicId);
        assertThat(page.uri().getQuery()).isEqualTo("q=secret");
        assertThat(page.body()).contains("secret");
        HttpResponse<String> whole = staff.send("GET", milk("/archive/" + publicId));
        assertThat(whole.body()).as("the page says whom it is for, and how to leave")
                .contains("staff only</strong>: you are logged in as staff")
                .contains("href=\"/logout\"");
        DISCORD.server().verify(postRequestedFor(urlPathEqualTo("/api/v10/oauth2/token"))
                .withRequestBody(containing("code_verifier=")));
        assertThat(staff.send("GET", milk("/oauth2/authorization/discord")).headers().firstValue("Location"))
                .as("the authorization request carries PKCE's challenge").hasValueSatisfying(location ->
                        assertThat(location).contains("code_challenge=").contains("code_challenge_method=S256")
                                .contains("scope=identify%20guilds.members.read"));
    }

    @Test
    void aRoleRemovedOnDiscordStopsWorkingAfterTheCache() throws Exception {
        String publicId = sealedArchive("roles");
        // An account of its own: the others' roles stay as every test expects them.
        DISCORD.user("demoted", 7005L);
        DISCORD.member("demoted", GUILD, List.of(ROLE));
        Browser demoted = loggedIn("demoted");
        assertThat(demoted.send("GET", milk("/archive/" + publicId + ".json")).statusCode()).isEqualTo(200);

        DISCORD.member("demoted", GUILD, List.of());

        Waits.upTo(Duration.ofSeconds(10)).alias("the removed role refused")
                .until(() -> demoted.send("GET", milk("/archive/" + publicId + ".json")).statusCode() == 403);
    }

    @Test
    void discordLimitingTheMembershipCheckIsA503NotA500() throws Exception {
        String publicId = sealedArchive("members");
        DISCORD.user("limited", 7006L);
        DISCORD.limited("limited", GUILD);
        Browser limited = loggedIn("limited");

        for (String route : routes(publicId)) {
            var answer = limited.send("GET", milk(route));
            assertThat(answer.statusCode()).as(route).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).as(route).isPresent();
            assertThat(answer.body()).as(route).startsWith("503 Service Unavailable: Discord").doesNotContain("words");
        }
    }

    @Test
    void aPublicArchiveStaysOpenAndCacheableWithoutASession() throws Exception {
        String publicId = sealedArchive("public");

        var page = get("/archive/" + publicId);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("public"));
        assertThat(page.headers().firstValue("Set-Cookie")).as("no session for a public page").isEmpty();
        assertThat(page.body()).as("a public page is the same for everyone").doesNotContain("class=\"reading\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(page.headers().firstValue("X-Frame-Options")).as("Spring Security writes no header").isEmpty();
    }

    @Test
    void aForgedOrReplayedStateIsRefusedWithA400() throws Exception {
        Browser browser = new Browser("member");
        assertThat(browser.send("GET", milk("/login/oauth2/code/discord?code=code-member&state=forged")).statusCode())
                .isEqualTo(400);

        // A real state, used once, then again.
        var start = browser.send("GET", milk("/oauth2/authorization/discord"));
        URI consent = URI.create(start.headers().firstValue("Location").orElseThrow() + "&user=member");
        URI callback = URI.create(browser.send("GET", consent).headers().firstValue("Location").orElseThrow());
        assertThat(browser.send("GET", callback).statusCode()).as("the first use logs in").isEqualTo(302);
        assertThat(browser.send("GET", callback).statusCode()).as("replayed").isEqualTo(400);
        assertThat(new Browser("member").send("GET", callback).statusCode()).as("in another browser").isEqualTo(400);
    }

    @Test
    void aStateOutlivingItsLoginSessionIsRefusedWithA400() throws Exception {
        Browser browser = new Browser("member");
        var start = browser.send("GET", milk("/oauth2/authorization/discord"));
        URI consent = URI.create(start.headers().firstValue("Location").orElseThrow() + "&user=member");
        URI callback = URI.create(browser.send("GET", consent).headers().firstValue("Location").orElseThrow());

        // The reader lingers on Discord's consent page past the session's 30 idle minutes: the
        // session that holds the state (and nothing else does) is as Spring Session finds it then.
        int expired = jdbc.update("""
                UPDATE spring_session SET last_access_time = last_access_time - (max_inactive_interval + 1) * 1000::bigint,
                    expiry_time = last_access_time - 1000
                WHERE session_id = ?""", browser.sessionId());
        assertThat(expired).as("the one session holding the state").isEqualTo(1);

        var answer = browser.send("GET", callback);
        assertThat(answer.statusCode()).as("the state expired with its session").isEqualTo(400);
        assertThat(answer.body().lines()).hasSize(1);
        assertThat(browser.send("GET", milk("/archive/" + sealedArchive("members") + ".json")).statusCode())
                .as("not logged in").isEqualTo(401);
    }

    @Test
    void theLoginNeverReturnsToAnotherSite() throws Exception {
        Browser browser = new Browser("member");
        var landed = browser.open(milk("/oauth2/authorization/discord?continue=https://evil.example/"));
        assertThat(landed.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(landed.uri().getPath()).isEqualTo("/");
        // A path that reads as another host, were it ever returned to: refused before any page or login.
        var refused = browser.send("GET", URI.create("http://127.0.0.1:" + PORT + "//evil.example/archive/x"));
        assertThat(refused.statusCode()).isBetween(400, 404);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void logoutEndsTheSessionEverywhere() throws Exception {
        String publicId = sealedArchive("members");
        Browser member = loggedIn("member");
        assertThat(member.send("GET", milk("/archive/" + publicId + ".txt")).statusCode()).isEqualTo(200);

        assertThat(member.send("GET", milk("/logout")).statusCode()).as("a GET only shows the form").isEqualTo(200);
        assertThat(member.send("GET", milk("/archive/" + publicId + ".txt")).statusCode()).isEqualTo(200);
        assertThat(member.post(milk("/logout"), "").statusCode()).as("a POST without the CSRF token").isEqualTo(403);
        String form = member.send("GET", milk("/logout")).body();
        Matcher csrf = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();

        long sessions = memberSessions();

        assertThat(member.post(milk("/logout"), csrf.group(1) + "=" + csrf.group(2)).statusCode()).isEqualTo(302);

        assertThat(member.send("GET", milk("/archive/" + publicId + ".txt")).statusCode()).isEqualTo(401);
        assertThat(memberSessions()).as("its row gone").isEqualTo(sessions - 1);
    }

    @Test
    void noTokenNorSecretIsLogged(CapturedOutput output) throws Exception {
        String publicId = sealedArchive("members");
        Browser member = loggedIn("member");
        assertThat(member.send("GET", milk("/archive/" + publicId)).statusCode()).isEqualTo(200);

        assertThat(output.getAll()).doesNotContain(DiscordStandIn.token("member")).doesNotContain(DiscordStandIn.CLIENT_SECRET)
                .doesNotContain("refresh-member");
    }

    @Test
    void aSessionKeepsTheReadersTokensAndNameSealed() throws Exception {
        String publicId = sealedArchive("members");
        Browser member = loggedIn("member");
        assertThat(member.send("GET", milk("/archive/" + publicId)).statusCode()).isEqualTo(200);

        String attributes = """
                SELECT count(*) FROM spring_session_attributes a JOIN spring_session s ON s.primary_id = a.session_primary_id
                WHERE s.session_id = ? AND position(? IN a.attribute_bytes) > 0""";
        assertThat(jdbc.queryForObject(attributes, Long.class, member.sessionId(), new byte[0]))
                .as("the login's attributes (the authorized client, the security context)").isGreaterThanOrEqualTo(2);
        for (String kept : List.of(DiscordStandIn.token("member"), "refresh-member", "member", "OAuth2AccessToken")) {
            assertThat(jdbc.queryForObject(attributes, Long.class, member.sessionId(), kept.getBytes(StandardCharsets.UTF_8)))
                    .as("attributes holding '%s' as PostgreSQL keeps them", kept).isZero();
        }
    }

    @Test
    void aRaidFollowsItsGuildsRaidDefault() throws Exception {
        String guild = "81384788765712777";
        staffRoles(guild, "staff");
        DISCORD.member("staff", guild, List.of(STAFF));
        DISCORD.member("member", guild, List.of(ROLE));
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, guild)).publicId();
        await(client.insertUsers(raidId, guild, accounts(900_000_000_000_000_000L, 3, 1_763_899_200_000L, 1_000)));
        String raid = "/raid/" + publicId;
        Browser staff = loggedIn("staff");
        Browser member = loggedIn("member");
        Browser anonymous = new Browser(null);

        for (String route : List.of(raid, raid + ".json", raid + ".html", raid + ".csv")) {
            var read = staff.send("GET", milk(route));
            assertThat(read.statusCode()).as(route).isEqualTo(200);
            assertThat(read.headers().firstValue("Cache-Control")).hasValue("no-store, private");
            assertThat(member.send("GET", milk(route)).statusCode()).as(route).isEqualTo(403);
            assertThat(anonymous.send("GET", milk(route)).statusCode()).as(route)
                    .isEqualTo(route.endsWith(".html") ? 302 : 401);
        }
    }

    @Test
    void aLoginServesEveryReplicaAndItsLogoutEndsItOnAll(CapturedOutput output) throws Exception {
        String publicId = sealedArchive("members");
        Browser member = loggedIn("member");
        try (var replica = DISCORD.readsReplica(PORT)) {
            int other = LocalPorts.of(replica, "/archive");
            URI there = URI.create("http://127.0.0.1:" + other + "/archive/" + publicId + ".json");
            assertThat(member.send("GET", there).statusCode()).as("the other replica knows the login").isEqualTo(200);

            String form = member.send("GET", URI.create("http://127.0.0.1:" + other + "/logout")).body();
            Matcher csrf = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(form);
            assertThat(csrf.find()).isTrue();
            assertThat(member.post(URI.create("http://127.0.0.1:" + other + "/logout"), csrf.group(1) + "=" + csrf.group(2))
                    .statusCode()).isEqualTo(302);
        }
        assertThat(member.send("GET", milk("/archive/" + publicId + ".json")).statusCode())
                .as("logged out on the first replica too").isEqualTo(401);
        assertThat(output.getAll()).as("the reads role writes only what it is granted")
                .doesNotContain("can write to Milk's tables");
    }

    @Test
    void withoutAClientIdNothingButPublicPagesExistAndOneLineSaysSo(CapturedOutput output) throws Exception {
        String publicId = sealedArchive("members");
        String open = sealedArchive("public");
        try (var replica = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=reads",
                "--milk.http.port=0", "--milk.reads.rate-limit.per-second=0", "--logging.level.dev.milk.reads.access=INFO")) {
            int other = LocalPorts.of(replica, "/archive");
            for (String route : routes(publicId)) {
                var answer = get(other, route);
                assertThat(answer.statusCode()).as(route).isEqualTo(404);
                assertThat(answer.body()).doesNotContain("words");
            }
            assertThat(get(other, "/archive/" + open).statusCode()).isEqualTo(200);
            assertThat(get(other, "/oauth2/authorization/discord").statusCode()).isEqualTo(404);
        }
        assertThat(output.getAll().lines().filter(line -> line.contains("Login with Discord is off"))).hasSize(1);
    }

    private long memberSessions() {
        return jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = '7001'", Long.class);
    }

    /** Every route of the archive, its searches and its media copy's among them. */
    private List<String> routes(String publicId) {
        String archive = "/archive/" + publicId;
        return List.of(archive, archive + ".json", archive + ".txt", archive + ".zip", archive + ".dce.json",
                archive + ".json?q=secret",
                archive + "?q=secret", "/media/" + copies.get(publicId) + "/words.txt");
    }

    /** The guild's staff role and raid default, sent as a bot sends them, once stored. */
    private void staffRoles(String guild, String raids) throws Exception {
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of(Long.toString(STAFF)), null,
                ArchiveEvent.Visibility.of(raids), "1")).get();
        eventually(() -> jdbc.queryForObject("""
                SELECT count(*) FROM guild_access WHERE guild_id = ? AND staff_role_ids = ? AND raid_visibility = ?""",
                Long.class, Long.parseLong(guild), new Long[] {STAFF}, raids) == 1, "the guild's access stored");
    }

    /**
     * A sealed archive of the test guild in {@code mode}, its channel and reason named as no 403 may
     * show: a message, and a reply to it that links the staff's thread (whose messages contain its
     * search's word too).
     */
    private String sealedArchive(String mode) throws Exception {
        String linked = staffThread();
        String archiveId = Archives.newId();
        var visibility = "roles".equals(mode) ? new ArchiveEvent.Visibility(mode, List.of(Long.toString(ROLE)))
                : ArchiveEvent.Visibility.of(mode);
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, GUILD, Archives.CHANNEL, "general",
                "confidential", "42", Archives.T0, null, visibility)).get();
        ArchiveMessage reply = Archives.message(2, "see the thread", Long.toString(Archives.FIRST_MESSAGE + 1), List.of(),
                List.of()).toBuilder().thread(new ArchiveMessage.ThreadLink(THREAD_CHANNEL, "appeals", 1, linked)).build();
        archives.addMessages(archiveId, List.of(Archives.message(1, "secret words", null, List.of(), List.of()), reply))
                .get();
        archives.seal(archiveId, java.time.Instant.ofEpochMilli(Archives.T0 + 60_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId) && Archives.count(jdbc, archiveId) == 2, "the archive stored");
        String key = Archives.storedCopy(jdbc, archiveId, Archives.FIRST_MESSAGE + 1);
        copies.put(publicId, key);
        return publicId;
    }

    /** The thread every test archive links, staff-only, its public id in {@link #threadPublicId}. */
    private String staffThread() throws Exception {
        if (thread == null) {
            String threadId = Archives.newId();
            threadPublicId = archives.create(new ArchiveEvent.Created(threadId, GUILD, THREAD_CHANNEL, "appeals",
                    "staff talk", "42", Archives.T0, null, ArchiveEvent.Visibility.of("staff"))).get();
            archives.addMessages(threadId, List.of(Archives.message(5, "secret " + THREAD_WORDS, null, List.of(),
                    List.of()))).get();
            eventually(() -> Archives.count(jdbc, threadId) == 1, "the thread stored");
            thread = threadId;
        }
        return thread;
    }

    /** The reader's browser, logged in at its first use; "anonymous" never logs in. */
    private static Browser reader(String account) {
        return READERS.computeIfAbsent(account, name -> "anonymous".equals(name) ? new Browser(null) : loggedIn(name));
    }

    private static Browser loggedIn(String account) {
        Browser browser = new Browser(account);
        var landed = browser.open(milk("/oauth2/authorization/discord"));
        assertThat(landed.statusCode()).as("%s logged in and sent home", account).isEqualTo(200);
        return browser;
    }

    private static URI milk(String path) {
        return URI.create("http://127.0.0.1:" + PORT + path);
    }
}
