package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import dev.milk.MilkEndToEndTest;

/**
 * Milk's pages in a real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs). Screenshots land in milk-app/target/screenshots for a person to look at.
 */
class PagesInBrowserTest extends MilkEndToEndTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine has no network beyond registries: keep Chromium from calling home.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1600");
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void noScriptOfTheHostileCorpusRuns() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.hostile()).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("surrogate pair"), "the corpus is stored");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);

        assertThat(browser.getTitle()).isEqualTo("#general · Milk archive");
        assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("article.message"))).hasSize(Archives.hostile().size());
        assertThat(errors()).isEmpty();
        screenshot("archive-hostile.png");
    }

    @Test
    void aRealisticArchiveRendersOnDesktopAndFitsAPhone() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, realistic()).get();
        archives.seal(archiveId, java.time.Instant.now()).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("\"size\":8"), "the archive is stored");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        assertThat(errors()).isEmpty();
        screenshot("archive-desktop-light.png");
        assertThat(browser.getPageSource()).contains("[spoiler]").doesNotContain("claim fast ||it is totally real||");
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        screenshot("archive-desktop-dark.png");

        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        browser.navigate().refresh();
        long scrollWidth = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth");
        long viewport = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
        assertThat(viewport).isEqualTo(375);
        assertThat(scrollWidth).as("no horizontal scroll at 375 px").isLessThanOrEqualTo(viewport);
        screenshot("archive-phone.png");
    }

    @Test
    void aRaidPageRendersAndFitsAPhone() throws Exception {
        String publicId = publish(newRaidId(), accounts(840_000_000_000_000_000L, 250, 1_763_899_000_000L, 40));
        browser.get("http://127.0.0.1:" + port + "/raid/" + publicId + ".html");
        assertThat(browser.getTitle()).isEqualTo("Raid on server " + GUILD + " · Milk");
        assertThat(errors()).isEmpty();
        screenshot("raid-desktop.png");
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        browser.navigate().refresh();
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"))
                .as("no horizontal scroll at 375 px").isLessThanOrEqualTo(375L);
        screenshot("raid-phone.png");
    }

    private static List<ArchiveMessage> realistic() {
        var image = new ArchiveMessage.Attachment("1", "raid-screenshot.png", "image/png", 48_213L,
                "https://cdn.discordapp.com/attachments/1/2/raid-screenshot.png");
        var log = new ArchiveMessage.Attachment("2", "ban-list.txt", "text/plain", 1_204_000L,
                "https://cdn.discordapp.com/attachments/1/3/ban-list.txt");
        var embed = new ArchiveMessage.Embed("Raid detected", "**214** accounts joined in 40 s. Verification raised.",
                "https://milk.example/raid/AbCdEf012345", 0xED4245, List.of(
                        new ArchiveMessage.Field("Action", "Banned", true),
                        new ArchiveMessage.Field("Accounts", "214", true),
                        new ArchiveMessage.Field("Log", "[raid log](https://milk.example/raid/AbCdEf012345)", false)));
        return List.of(
                Archives.message(0, "FREE NITRO for everyone → https://discord-gifts.example/claim @everyone", null,
                        List.of(), List.of()),
                Archives.message(1, "claim fast ||it is totally real||", null, List.of(), List.of()),
                Archives.message(2, "`discord.gg/xyz` **join now** ~~limited~~", null, List.of(), List.of()),
                Archives.message(3, "Raid detected, purging. Thanks <@500> for the heads-up.",
                        Long.toString(Archives.FIRST_MESSAGE), List.of(image), List.of(embed)),
                Archives.message(4, "> claim fast\nThat link is a token grabber, do **not** open it.\n"
                        + "```\nreported at <t:1763899260:t>\n```", Long.toString(Archives.FIRST_MESSAGE + 1), List.of(log),
                        List.of()),
                Archives.message(5, "Verification level is back to normal in <#1100000000000000001>.", null, List.of(),
                        List.of()),
                Archives.message(6, "a-very-long-unbroken-token-" + "x".repeat(300), null, List.of(), List.of()),
                Archives.message(7, "_stay safe_ __everyone__", null, List.of(), List.of()));
    }

    /**
     * Console errors, except failed loads of images on outside hosts (avatars, attachments): this
     * machine has no network beyond package registries, so those cannot load here.
     */
    private List<String> errors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(m.contains("Failed to load resource") && m.contains("net::ERR_")
                        && !m.contains("127.0.0.1")))
                .toList();
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
