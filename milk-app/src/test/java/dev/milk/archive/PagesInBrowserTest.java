package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import tools.jackson.databind.json.JsonMapper;

import dev.milk.MilkEndToEndTest;
import dev.milk.processes.ChildProcesses;
import dev.milk.standalone.DemoComponents;
import dev.milk.standalone.DemoShowcase;
import dev.milk.standalone.DemoSounds;
import dev.milk.testing.BrowserTest;

/**
 * Milk's pages in a real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs). Screenshots land in milk-app/target/screenshots for a person to look at.
 */
@BrowserTest
class PagesInBrowserTest extends MilkEndToEndTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static CdnStandIn cdn;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    private ChromeDriver browser;

    @BeforeAll
    static void standInForTheCdn() {
        cdn = CdnStandIn.shared();
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        // Discord's CDN hosts answer from the stand-in (self-signed), so images load as they would for a reader.
        browser = Chromium.open(profile, "--window-size=1280,1600", "--host-resolver-rules=" + cdn.resolverRules(),
                "--ignore-certificate-errors");
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
        archives.seal(archiveId, Instant.now()).get();
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

    /**
     * The demo's showcase, one of every part of a Discord message, as a reader sees it: dark and
     * light, desktop and phone. The DOM is checked in the browser itself (what loaded, what
     * resolved, what the styles made of it), and the four screenshots are for a person to look at.
     */
    @Test
    void everyPartOfAMessageRendersInBothSchemesOnDesktopAndPhone() throws Exception {
        Archives.Showcase showcase = Archives.publishShowcase(archives);
        eventually(() -> {
            String json = get("/archive/" + showcase.publicId() + ".json").body();
            return json.contains("\"sealedAt\":\"2026") && !json.contains("\"state\":\"pending\"");
        }, "the showcase is stored, its media copied");
        String last = "m" + DemoShowcase.messages(Archives.SHOWCASE_START).getLast().id();
        browser.get("http://127.0.0.1:" + port + "/archive/" + showcase.publicId());
        assertThat(browser.getTitle()).isEqualTo("#general · Milk archive");

        assertThat(script("return [...document.querySelectorAll('.reaction')].map(r => r.textContent)"))
                .isEqualTo(List.of("👍12", "4", "❤️3", "7", "🔥3", "🔥6", "4"));
        // Images load lazily: bring the whole showcase past the viewport once, as a reader scrolling would.
        script("document.getElementById('" + last + "').scrollIntoView(); window.scrollTo(0, 0)");
        // The showcase is taller than the window: the images between its top and its end load now too.
        loadEveryImage();
        String notLoaded = """
                return [...document.querySelectorAll('img.emoji, img.sticker')]
                    .filter(i => !i.closest('details:not([open])'))
                    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)""";
        for (int i = 0; i < 100 && !((List<?>) script(notLoaded)).isEmpty(); i++) {
            ChildProcesses.pause(100);
        }
        assertThat(script(notLoaded)).as("every custom emoji and sticker image loaded (the CDN stand-in saw %s; console: %s)",
                cdn.requested(), errors()).isEqualTo(List.of());
        // Milk's copy where one was made; the test's archive cap (100 KB) may stop some, then Discord's link.
        Map<String, String> copies = Archives.copies(JsonMapper.shared().readTree(
                get("/archive/" + showcase.publicId() + ".json").body()));
        // Custom emoji (a role's icon is a picture of its own, at role-icons/).
        assertThat(script("return [...new Set([...document.querySelectorAll('img.emoji')].filter(i => !i.closest('.role-icon'))"
                + ".map(i => i.src))]"))
                .isEqualTo(Stream.of(DemoShowcase.MILK_EMOJI + ".png", DemoShowcase.WAVE_EMOJI + ".gif")
                        .map(emoji -> "https://cdn.discordapp.com/emojis/" + emoji + "?size=48")
                        .map(link -> copies.containsKey(link) ? "http://127.0.0.1:" + port + copies.get(link) : link)
                        .toList());
        assertThat(cdn.requested()).containsKeys("/emojis/" + DemoShowcase.MILK_EMOJI + ".png?size=48",
                "/emojis/" + DemoShowcase.WAVE_EMOJI + ".gif?size=48",
                "/stickers/749054660769218631.png?size=160");
        assertThat(script("return document.querySelector('.content.jumbo img.emoji').getBoundingClientRect().height"))
                .as("jumbo emoji are 48 px").isEqualTo(48L);
        assertThat(script("return [...document.querySelectorAll('.mention')].map(m => m.textContent)"))
                .asString().contains("#rules", "@Jamie", "@Moderators", "@Raid Response", "#appeals")
                .doesNotContain("unknown");
        assertThat(script("return getComputedStyle(document.querySelector('.mention.rc%06x')).color"
                .formatted(DemoShowcase.MODERATOR_COLOUR))).isEqualTo("rgb(230, 126, 34)");
        assertThat(script("return getComputedStyle(document.querySelector('.author .name.rc%06x')).color"
                .formatted(DemoShowcase.HELPER_COLOUR))).isEqualTo("rgb(46, 204, 113)");
        assertThat(script("return [...document.querySelectorAll('.poll progress')].map(p => p.value)"))
                .isEqualTo(List.of(72L, 20L, 8L));
        // The first four, and AutoMod, three raid alerts, a poll's result and a type Milk does not know.
        assertThat(script("return document.querySelectorAll('.system').length")).isEqualTo(10L);
        assertThat(errors()).as("no console error: no script, no style the policy refused").isEmpty();

        for (String scheme : List.of("light", "dark")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            fullPage("archive-showcase-desktop-" + scheme + ".png", last);
        }
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        browser.navigate().refresh();
        assertThat((Long) script("return document.documentElement.scrollWidth"))
                .as("no horizontal scroll at 375 px").isLessThanOrEqualTo(375L);
        for (String scheme : List.of("light", "dark")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            fullPage("archive-showcase-phone-" + scheme + ".png", last);
        }
        assertThat(errors()).isEmpty();
    }

    /**
     * The showcase's messages of issue 27, each captured on its own (light and dark) for a person
     * to look at: buttons and a menu, a components-v2 report, a voice message whose copy plays in the
     * browser's own controls, super reactions, a role gradient, icons and a server tag, a silent and
     * an ephemeral answer, AutoMod, raid alerts, a poll's result and an unknown type.
     */
    @Test
    void theShowcasesComponentsVoiceAndSystemMessagesRender() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> all = DemoShowcase.messages(Archives.SHOWCASE_START);
        List<ArchiveMessage> later = new ArrayList<>(all.subList(DemoComponents.FIRST_INDEX, all.size()));
        // The voice message from a fixture of the stand-in, so Milk copies it and the page plays the copy.
        ArchiveMessage voice = later.get(2);
        ArchiveMessage.Attachment spoken = voice.attachments().getFirst();
        later.set(2, voice.toBuilder().attachments(List.of(new ArchiveMessage.Attachment(spoken.id(), spoken.filename(),
                spoken.contentType(), spoken.size(), cdn.fixture("voice.wav"), spoken.durationSecs(), spoken.waveform())))
                .build());
        archives.addMessages(archiveId, later, DemoShowcase.mentions()).get();
        eventually(() -> Archives.count(jdbc, archiveId) == later.size()
                && get("/archive/" + publicId + ".json").body().contains("voice.wav\",\"kind\":\"attachment\",\"state\":\"stored\""),
                "the messages are stored, the voice message copied");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        loadEveryImage();
        assertThat(script("return document.querySelectorAll('.component-button').length")).isEqualTo(5L);
        assertThat(script("return getComputedStyle(document.querySelector('.component-container')).borderLeftColor"))
                .as("the container's accent colour, from the page's hashed style block").isEqualTo("rgb(237, 66, 69)");
        assertThat((String) script("return getComputedStyle(document.querySelector('.author .name.g5865f2-eb459e')).backgroundImage"))
                .as("the role gradient").startsWith("linear-gradient");
        assertThat(script("""
                return [...document.querySelectorAll('.component-gallery img, .section-accessory img, .role-icon img, .server-tag img')]
                    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)""")).isEqualTo(List.of());
        // The copy plays: the policy lets Milk's own audio load, and the browser reads its length.
        script("document.querySelector('.voice audio').load()");
        for (int i = 0; i < 50 && ((Number) script("return document.querySelector('.voice audio').readyState")).intValue() < 1; i++) {
            ChildProcesses.pause(100);
        }
        assertThat(((Number) script("return document.querySelector('.voice audio').duration")).doubleValue())
                .isEqualTo(DemoSounds.SECONDS, org.assertj.core.data.Offset.offset(0.1));
        assertThat(script("return document.querySelectorAll('.voice svg.waveform rect').length")).isEqualTo(48L);
        assertThat(errors()).as("no console error: no script, no style or media the policy refused").isEmpty();

        List<String> names = List.of("buttons-and-menu", "components-v2-report", "voice-message", "super-reactions-gradient-tag",
                "silent-suppressed-role-icon", "ephemeral-answer", "automod", "raid-report", "security-actions-enabled",
                "security-actions-disabled", "poll-result", "unknown-type");
        for (String scheme : List.of("dark", "light")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            for (int i = 0; i < later.size(); i++) {
                var element = browser.findElement(org.openqa.selenium.By.id("m" + later.get(i).id()));
                script("arguments[0].scrollIntoView()", element);
                Files.createDirectories(SCREENSHOTS);
                Files.copy(element.getScreenshotAs(OutputType.FILE).toPath(),
                        SCREENSHOTS.resolve("issue27-" + names.get(i) + "-" + scheme + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            fullPage("issue27-showcase-" + scheme + ".png", "m" + later.getLast().id());
        }
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        browser.navigate().refresh();
        assertThat((Long) script("return document.documentElement.scrollWidth"))
                .as("no horizontal scroll at 375 px (wider: %s)", script("""
                        return [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > 375)
                            .map(e => e.tagName + '.' + e.className).slice(0, 5)"""))
                .isLessThanOrEqualTo(375L);
        fullPage("issue27-showcase-phone.png", "m" + later.getLast().id());
    }

    /** Earlier versions open without script; a removal says why in the message's place and in the audit trail. */
    @Test
    void editsOpenWithoutScriptAndRemovalsShowTheirReason() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 6));
        messages.set(5, Archives.message(5, "please remove that", messages.get(4).id(), List.of(), List.of()));
        archives.addMessages(archiveId, messages).get();
        archives.addMessages(archiveId, List.of(Archives.edited(2, "message 2, **corrected**", 3))).get();
        archives.redact(archiveId, List.of(messages.get(4).id()), "personal information", "500").get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("personal information"), "the removal is stored");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        String edited = "document.querySelector('details.edited')";
        assertThat(script("return " + edited + ".querySelector('.versions').getBoundingClientRect().height"))
                .as("the history is closed at first").isEqualTo(0L);
        browser.findElement(org.openqa.selenium.By.cssSelector("details.edited summary")).click();
        assertThat(script("return " + edited + ".open")).isEqualTo(true);
        assertThat(script("return " + edited + ".querySelector('.versions').innerText"))
                .asString().contains("Original · 2025-11-23 12:00 UTC").contains("message 2");
        assertThat(script("return document.querySelector('.message.removed .removed-line').innerText"))
                .asString().endsWith("Removed by moderators: personal information");
        assertThat(script("return document.querySelector('.reply-text').innerText"))
                .isEqualTo("Removed by moderators: personal information");
        assertThat(script("return document.querySelector('.removals').innerText")).asString()
                .contains("moderator (500) removed 1 message: personal information");
        assertThat(errors()).isEmpty();
        screenshot("archive-edits-and-removals.png");
    }

    /** The search form works without script, marks the matches, and each result opens its message on its page. */
    @Test
    void searchFindsAMessageAndOpensItInContext() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 600));
        messages.set(550, Archives.message(550, "the <needle> is **here**", null, List.of(), List.of()));
        archives.addMessages(archiveId, messages.subList(0, 300)).get();
        archives.addMessages(archiveId, messages.subList(300, 600)).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 600, "the archive is stored");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        var box = browser.findElement(org.openqa.selenium.By.cssSelector("form.search input[name=q]"));
        box.sendKeys("NEEDLE");
        box.submit();
        eventually(() -> browser.getCurrentUrl().contains("?q=NEEDLE"), "the form sent the query");
        assertThat(script("return [...document.querySelectorAll('.excerpt mark')].map(m => m.textContent)"))
                .isEqualTo(List.of("needle"));
        assertThat(script("return document.querySelector('.excerpt').textContent")).isEqualTo("the <needle> is here");
        assertThat(script("return document.querySelector('.excerpt strong').textContent")).isEqualTo("here");
        screenshot("archive-search.png");
        browser.findElement(org.openqa.selenium.By.cssSelector("a.jump")).click();
        eventually(() -> browser.getCurrentUrl().endsWith("#m" + messages.get(550).id()), "the result opened");
        assertThat(browser.getCurrentUrl()).contains("?after=" + messages.get(499).id());
        assertThat(script("return document.querySelector(':target .content').textContent")).isEqualTo("the <needle> is here");
        assertThat(errors()).isEmpty();
    }

    /** A copied image loads from Milk; HTML that called itself a PNG is a download, never an image or a page. */
    @Test
    void copiedMediaLoadFromMilk() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(
                Archives.message(0, "a photo", null, List.of(new ArchiveMessage.Attachment("1", "photo.png", "image/png",
                        1_000L, cdn.fixture("photo.png"))), List.of()),
                Archives.message(1, "not a photo", null, List.of(new ArchiveMessage.Attachment("2", "lying.png",
                        "image/png", 1_000L, cdn.fixture("lying.png"))), List.of()))).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().split("\"state\":\"stored\"", -1).length == 3,
                "both copied");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        loadEveryImage();
        String photo = "document.querySelector('.attachment img')";
        assertThat(script("return " + photo + ".getAttribute('src')")).asString().matches("/media/[0-9a-f]{64}/photo\\.png");
        assertThat(script("return " + photo + ".naturalWidth")).isEqualTo(400L);
        assertThat(script("return document.querySelectorAll('.attachment img').length")).isEqualTo(1L);
        assertThat(script("return [...document.querySelectorAll('a.file')].map(a => a.textContent)"))
                .isEqualTo(List.of("photo.png", "lying.png"));
        assertThat(browser.getTitle()).isEqualTo("#general · Milk archive");
        assertThat(errors()).isEmpty();
    }

    /**
     * Media Milk could not copy, whose links are dead too (an avatar the user changed, an expired
     * attachment: the CDN answers 404): the author shows Milk's default avatar and the image a
     * placeholder, each drawn by the stylesheet over the broken image, where the browser's
     * broken-image icon would be.
     */
    @Test
    void deadLinksShowTheDefaultAvatarAndAPlaceholder() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        ArchiveMessage m = Archives.message(0);
        // Discord's own names, no port: the copier cannot reach the attachment, and the stand-in answers 404 for both.
        archives.addMessages(archiveId, List.of(new ArchiveMessage(m.id(), m.authorId(), m.authorName(),
                "gone" + Integer.toHexString(archiveId.hashCode()), false, "the link expired", m.createdAtMillis(), null,
                null, List.of(new ArchiveMessage.Attachment("1", "screenshot.png", "image/png", 1_000L,
                        "https://cdn.discordapp.com/attachments/1/2/gone.png")), List.of(), List.of()))).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().split("\"state\":\"failed\"", -1).length == 3,
                "both copies given up");

        browser.get("http://127.0.0.1:" + port + "/archive/" + publicId);
        loadEveryImage();
        String avatar = "document.querySelector('img.avatar')";
        String image = "document.querySelector('.attachment img')";
        assertThat(script("return " + avatar + ".getAttribute('src')")).asString()
                .startsWith("https://cdn.discordapp.com/avatars/");
        for (String img : List.of(avatar, image)) {
            assertThat(script("return " + img + ".complete && " + img + ".naturalWidth")).as("%s failed to load", img)
                    .isEqualTo(0L);
        }
        assertThat(script("return " + avatar + ".getBoundingClientRect().right <= document.querySelector('.author')"
                + ".getBoundingClientRect().left")).as("the avatar beside the name, as Discord places it").isEqualTo(true);
        assertThat(script("return getComputedStyle(" + avatar + ", '::after').backgroundImage")).asString()
                .endsWith("/assets/avatars/1.svg\")");
        assertThat(script("return getComputedStyle(" + image + ", '::after').content")).isEqualTo("\"Image unavailable\"");
        assertThat(script("const r = " + image + ".getBoundingClientRect(); return r.width >= 160 && r.height >= 48"))
                .as("the placeholder's box, however little the alt text takes").isEqualTo(true);

        // Where the broken-image icon would be (its top left corner), the pixels are the stand-ins':
        // the default avatar's grey, and the placeholder's background.
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)));
        assertThat(colour(shot, avatar)).as("the default avatar's grey").isEqualTo(0x757E8A);
        assertThat(colour(shot, image)).as("the placeholder's background").isEqualTo(rgb(
                (String) script("return getComputedStyle(" + image + ", '::after').backgroundColor")));
        screenshot("archive-dead-links.png");
    }

    /** The colour of the screenshot's pixel 8 px right of and below an element's top left corner. */
    private int colour(BufferedImage shot, String element) {
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) script("const r = " + element
                + ".getBoundingClientRect(); return {x: r.left, y: r.top}");
        return shot.getRGB(box.get("x").intValue() + 8, box.get("y").intValue() + 8) & 0xFFFFFF;
    }

    /** {@code rgb(r, g, b)}, as a computed style gives a colour, as one number. */
    private static int rgb(String css) {
        String[] parts = css.replaceAll("[^0-9,]", "").split(",");
        return Integer.parseInt(parts[0]) << 16 | Integer.parseInt(parts[1]) << 8 | Integer.parseInt(parts[2]);
    }

    /** The offline copy, unzipped to a disk, opens in a browser cut off from every network. */
    @Test
    void theOfflineCopyOpensWithoutANetwork(@TempDir Path unzipped) throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 520));
        messages.set(510, Archives.message(510, "**a photo** on the second page", null, List.of(
                new ArchiveMessage.Attachment("1", "photo.png", "image/png", 1_000L, cdn.fixture("photo.png"))), List.of()));
        archives.addMessages(archiveId, messages).get();
        archives.seal(archiveId, Instant.now()).get();
        eventually(() -> get("/archive/" + publicId + ".json?cursor=" + messages.get(499).id()).body()
                .contains("\"state\":\"stored\""), "sealed and copied");
        var zip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/archive/" + publicId + ".zip")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
        try (var in = new ZipInputStream(zip)) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = unzipped.resolve(entry.getName());
                Files.createDirectories(file.getParent());
                Files.copy(in, file);
            }
        }

        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        browser.get(unzipped.resolve("index.html").toUri().toString());
        assertThat(browser.getTitle()).isEqualTo("#general · Milk archive");
        assertThat(script("return document.querySelectorAll('article.message').length")).isEqualTo(520L);
        assertThat(script("return getComputedStyle(document.querySelector('.channel')).paddingTop"))
                .as("the stylesheet is inside the page").isEqualTo("12px");
        loadEveryImage();
        String photo = "document.querySelector('.attachment img')";
        assertThat(script("return " + photo + ".naturalWidth")).as("the copy, from the disk").isEqualTo(400L);
        assertThat(script("return document.querySelector('#m" + messages.get(510).id() + " strong').textContent"))
                .isEqualTo("a photo");
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

    private Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(javascript, arguments);
    }

    /** The page from its top to the bottom of one message, beyond the viewport, its lazy images loaded. */
    private void fullPage(String name, String untilMessage) throws Exception {
        // A capture beyond the viewport does not scroll, so lazy images far below would stay blank in it.
        loadEveryImage();
        Number bottom = (Number) script("return document.getElementById('" + untilMessage
                + "').getBoundingClientRect().bottom + window.scrollY + 16");
        Number width = (Number) script("return document.documentElement.clientWidth");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", bottom, "scale", 1)));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Lazy images load now, wherever they are on the page; returns once each has loaded or failed. */
    private void loadEveryImage() {
        script("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')");
        for (int i = 0; i < 100 && (Boolean) script("return [...document.images].some(i => !i.complete)"); i++) {
            ChildProcesses.pause(100);
        }
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
