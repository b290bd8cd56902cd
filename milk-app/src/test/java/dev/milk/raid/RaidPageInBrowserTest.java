package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.Chromium;
import dev.milk.testing.BrowserTest;

/**
 * A raid log as a moderator opens it, in a real headless Chromium: the wave, the ages, the
 * creation dates and the patterns above the list, on a desktop and a 375 px phone, light and
 * dark; a cluster's link filters the list and its ids are there to copy. Screenshots land in
 * milk-app/target/screenshots for a person to look at.
 */
@BrowserTest
class RaidPageInBrowserTest extends MilkEndToEndTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        browser = Chromium.open(profile, "--window-size=1280,1600");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aModeratorSeesTheWaveTheAgesAndThePatternsAndCopiesACluster() throws Exception {
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, GUILD, "Northwind <Gaming>",
                "412 joins in 3 minutes, 300 accounts under 3 days old")).publicId();
        await(client.insertUsers(raidId, GUILD, RaidWaves.accounts()));
        String page = "http://127.0.0.1:" + port + "/raid/" + publicId + ".html";

        open(page);
        assertThat(browser.getTitle()).isEqualTo("Raid on Northwind <Gaming> · Milk");
        assertThat(browser.findElements(By.cssSelector(".chart svg"))).hasSize(3);
        for (var svg : browser.findElements(By.cssSelector(".chart svg"))) {
            assertThat(svg.getRect().getWidth()).as("each chart is drawn at a readable width").isGreaterThan(250);
            assertThat(svg.getRect().getY()).as("above the fold").isLessThan(1_000);
        }
        assertThat(script("return getComputedStyle(document.querySelector('.chart .bar')).fill"))
                .as("bars coloured by the stylesheet").isNotEqualTo("rgb(0, 0, 0)");
        screenshot("raid-desktop-light.png");
        scheme("dark");
        screenshot("raid-desktop-dark.png");

        browser.findElement(By.cssSelector(".clusters a[href*='cluster=stem']")).click();
        assertThat(browser.getCurrentUrl()).contains("cluster=stem:raider");
        String ids = browser.findElement(By.cssSelector("textarea")).getDomProperty("value");
        assertThat(ids.lines().map(Long::parseLong).toList()).hasSize(300)
                .allMatch(id -> id >= RaidWaves.RAIDERS && id < RaidWaves.RAIDERS + 300);
        screenshot("raid-cluster-dark.png");

        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        for (String scheme : List.of("light", "dark")) {
            scheme(scheme);
            open(page);
            assertThat((Long) script("return document.documentElement.scrollWidth"))
                    .as("no horizontal scroll at 375 px").isLessThanOrEqualTo(375L);
            assertThat(browser.findElement(By.cssSelector(".accounts td.id")).isDisplayed())
                    .as("the id column, what a moderator copies, stays on a phone").isTrue();
            assertThat(browser.findElement(By.cssSelector(".chart svg")).getRect().getWidth()).isGreaterThan(300);
            screenshot("raid-phone-" + scheme + ".png");
        }
    }

    /** The page once its charts are drawn: on a busy machine the first answers may say they are being drawn. */
    private void open(String page) {
        browser.get(page);
        eventually(() -> {
            if (browser.findElements(By.cssSelector(".drawing")).isEmpty()) {
                return true;
            }
            browser.navigate().refresh();
            return false;
        }, "the raid's charts drawn");
    }

    private void scheme(String scheme) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) browser).executeScript(javascript);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
