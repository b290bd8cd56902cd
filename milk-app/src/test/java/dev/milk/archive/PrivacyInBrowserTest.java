package dev.milk.archive;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.github.tomakehurst.wiremock.client.WireMock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.milk.MilkEndToEndTest;
import dev.milk.reads.access.ReadsSecurity;
import dev.milk.testing.BrowserTest;
import dev.milk.testing.Waits;

/**
 * A staff-only archive in a real headless Chromium, its guild's staff set by {@code guild.access}
 * over Kafka: the anonymous reader goes through the Discord stand-in's consent page and back to
 * the archive, logs out with the logout page's button, and a member without the staff role gets
 * the 403 page. Screenshots land in milk-app/target/screenshots for a person to look at.
 */
@BrowserTest
class PrivacyInBrowserTest extends MilkEndToEndTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final DiscordStandIn DISCORD = new DiscordStandIn();
    private static final int PORT = DiscordStandIn.freePort();
    private static final long STAFF_ROLE = 999L;
    private static final String CHANNEL = "incident-review";
    private static final String REASON = "doxxing incident";
    private static final String CONTENT = "the staff discuss the doxxing report";

    static {
        consentPage();
    }

    @DynamicPropertySource
    static void login(DynamicPropertyRegistry settings) {
        DISCORD.login(settings, PORT);
    }

    @Autowired
    JdbcTemplate jdbc;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        DISCORD.user("staff", 7103L);
        DISCORD.user("member", 7101L);
        DISCORD.member("staff", GUILD, List.of(STAFF_ROLE));
        DISCORD.member("member", GUILD, List.of(111L));
        browser = Chromium.open(profile, "--window-size=1280,900");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void staffLogInThroughDiscordsConsentReadTheArchiveAndLogOutAMemberGetsTheNoAccessPage() throws Exception {
        String publicId = staffArchive();
        String archive = "http://127.0.0.1:" + PORT + "/archive/" + publicId;

        browser.get(archive);
        assertThat(browser.getCurrentUrl()).as("sent to Discord's consent").startsWith(DISCORD.authorizeUrl());
        assertThat(text()).contains("Milk wants to access your Discord account").doesNotContain(CONTENT);
        screenshot("privacy-consent.png");

        leaveBy(By.id("authorize-staff"));
        assertThat(browser.getCurrentUrl()).as("back on the page asked for").isEqualTo(archive);
        assertThat(browser.getTitle()).contains(CHANNEL);
        assertThat(text()).contains(CONTENT);
        Cookie session = browser.manage().getCookieNamed(ReadsSecurity.SESSION_COOKIE);
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        var page = get("/archive/" + publicId, "Cookie", session.getName() + "=" + session.getValue());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).as("never kept by a shared cache")
                .hasValueSatisfying(value -> assertThat(value).contains("private").contains("no-store")
                        .doesNotContain("public"));
        screenshot("privacy-staff-archive.png");

        // The viewer log, staff only, names the staff's own views of the page.
        browser.get(archive + "/views");
        eventually(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("table.accounts tbody tr")).stream()
                    .anyMatch(row -> row.getText().contains("staff (7103)") && row.getText().contains("page"));
        }, "the staff's view logged");
        assertThat(text()).contains("Views of #" + CHANNEL).doesNotContain(CONTENT);
        screenshot("privacy-viewer-log.png");

        // The archive has no logout control of its own: the logout page's button, a POST with its CSRF token.
        browser.get("http://127.0.0.1:" + PORT + "/logout");
        screenshot("privacy-logout.png");
        leaveBy(By.cssSelector("form[action='/logout'] button[type=submit]"));
        assertThat(browser.manage().getCookieNamed(ReadsSecurity.SESSION_COOKIE)).as("its cookie gone").isNull();
        browser.get(archive);
        assertThat(browser.getCurrentUrl()).as("asked to log in again").startsWith(DISCORD.authorizeUrl());
        assertThat(text()).doesNotContain(CONTENT);

        leaveBy(By.id("authorize-member"));
        assertThat(browser.getTitle()).startsWith("No access");
        String refusal = text();
        assertThat(refusal).contains("No access").contains("no access").contains("guild " + GUILD)
                .doesNotContain(CHANNEL).doesNotContain(REASON).doesNotContain(CONTENT);
        assertThat(browser.getPageSource()).doesNotContain(CHANNEL).doesNotContain(REASON).doesNotContain(CONTENT);
        Cookie member = browser.manage().getCookieNamed(ReadsSecurity.SESSION_COOKIE);
        assertThat(get("/archive/" + publicId, "Cookie", member.getName() + "=" + member.getValue()).statusCode())
                .isEqualTo(403);
        assertThat(browser.findElements(By.cssSelector("form[action='/logout'] button"))).as("a way out").hasSize(1);
        screenshot("privacy-no-access-light.png");
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        screenshot("privacy-no-access-dark.png");
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        browser.navigate().refresh();
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"))
                .as("no horizontal scroll at 375 px").isLessThanOrEqualTo(375L);
        screenshot("privacy-no-access-phone.png");
        assertThat(milkErrors(archive)).as("no console error on Milk's pages: no script, no style the policy refused").isEmpty();
    }

    /**
     * Console errors of Milk's pages: not the stand-in's (its consent page has no favicon), nor the
     * 403 that Chromium reports of the no-access page itself.
     */
    private List<String> milkErrors(String refusedPage) {
        String standIn = ":" + DISCORD.server().port() + "/";
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains(standIn))
                .filter(m -> !m.startsWith(refusedPage + " - Failed to load resource: the server responded with a status of 403"))
                .toList();
    }

    /** A sealed archive open to the guild's staff alone, its staff role named by {@code guild.access}, all over Kafka. */
    private String staffArchive() throws Exception {
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(GUILD, List.of(Long.toString(STAFF_ROLE)), null, null,
                "42")).get();
        eventually(() -> jdbc.queryForObject("SELECT count(*) FROM guild_access WHERE guild_id = ? AND ? = ANY(staff_role_ids)",
                Long.class, Long.parseLong(GUILD), STAFF_ROLE) == 1, "the guild's staff role stored");
        String archiveId = Archives.newId();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, GUILD, Archives.CHANNEL, CHANNEL, REASON,
                "42", Archives.T0, null, ArchiveEvent.Visibility.of("staff"))).get();
        archives.addMessages(archiveId, List.of(Archives.message(0, "report filed by a member", null, List.of(), List.of()),
                Archives.message(1, CONTENT, null, List.of(), List.of()),
                Archives.message(2, "**banned**, evidence kept here", null, List.of(), List.of()))).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 60_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId) && Archives.count(jdbc, archiveId) == 3, "the archive stored");
        assertThat(jdbc.queryForObject("SELECT visibility FROM archive WHERE internal_id = ?", String.class, archiveId))
                .isEqualTo("staff");
        return publicId;
    }

    /**
     * Discord's consent page as the stand-in's: the stand-in itself answers the authorize step with a
     * bare redirect (its account named by {@code &user=}); a browser gets a page whose buttons
     * authorize as one account or another, back to the redirect URI with a code and the same state.
     */
    private static void consentPage() {
        DISCORD.server().stubFor(WireMock.get(urlPathEqualTo("/oauth2/authorize")).withQueryParam("user", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html;charset=UTF-8")
                        .withHeader("Cache-Control", "no-store").withBody("""
                                <!doctype html><html lang="en"><head><meta charset="utf-8">
                                <title>Authorize access · Discord stand-in</title>
                                <style>body{font-family:sans-serif;background:#313338;color:#dbdee1;display:grid;
                                place-items:center;min-height:90vh}main{background:#2b2d31;padding:32px;border-radius:8px;
                                max-width:420px}button{display:block;width:100%;margin-top:12px;padding:10px;border:0;
                                border-radius:4px;background:#5865f2;color:#fff;font-size:15px}</style></head>
                                <body><main><h1>Milk wants to access your Discord account</h1>
                                <p>Application {{request.query.client_id}} asks for: {{request.query.scope}}</p>
                                <form method="get" action="{{request.query.redirect_uri}}">
                                <input type="hidden" name="state" value="{{request.query.state}}">
                                <button id="authorize-staff" name="code" value="code-staff">Authorize as staff</button>
                                <button id="authorize-member" name="code" value="code-member">Authorize as member</button>
                                </form></main></body></html>""")));
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Clicks what leaves the page, and waits until the browser is on the next one (a busy machine is slow to get there). */
    private void leaveBy(By control) {
        String page = browser.getCurrentUrl();
        browser.findElement(control).click();
        Waits.upTo(Duration.ofSeconds(15)).until(() -> !browser.getCurrentUrl().equals(page));
    }

}
