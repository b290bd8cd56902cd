package dev.milk.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkApplication;
import dev.milk.raid.RaidUser;
import dev.milk.testing.MilkTestInfrastructure;

/**
 * {@code --demo} publishes its raids and archive through Kafka, like a bot, and they are stored in
 * full, their media copied by Milk from the demo's own CDN.
 */
class DemoTest {

    static {
        MilkTestInfrastructure.install();
    }

    @Test
    void theDemoFeedsARaidOfFiftyThousandALiveRaidAndAnArchive() throws Exception {
        try (var milk = new SpringApplicationBuilder(MilkApplication.class)
                .run("--milk.role=all", "--milk.http.port=0", "--demo")) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline) && jdbc.queryForObject(
                    "SELECT count(*) FROM raid WHERE internal_id = ? AND concluded_at IS NOT NULL", Integer.class,
                    DemoFeeder.WAVE_RAID) == 0) {
                Thread.sleep(250);
            }
            assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class,
                    DemoFeeder.WAVE_RAID)).isEqualTo(DemoFeeder.WAVE_ACCOUNTS);
            while (Instant.now().isBefore(deadline) && jdbc.queryForObject(
                    "SELECT count(*) FROM archive WHERE internal_id = ? AND sealed_at IS NOT NULL", Integer.class,
                    DemoArchive.ARCHIVE_ID) == 0) {
                Thread.sleep(250);
            }
            assertThat(jdbc.queryForObject("SELECT message_count FROM archive WHERE internal_id = ?", Integer.class,
                    DemoArchive.ARCHIVE_ID)).isEqualTo(DemoArchive.MESSAGES);
            assertThat(jdbc.queryForList("""
                    SELECT 'version' FROM archive_message_version v JOIN archive a ON a.id = v.archive_id
                    WHERE a.internal_id = ?
                    UNION ALL
                    SELECT 'removal: ' || r.reason FROM archive_redaction r JOIN archive a ON a.id = r.archive_id
                    WHERE a.internal_id = ?""", String.class, DemoArchive.ARCHIVE_ID, DemoArchive.ARCHIVE_ID))
                    .as("the demo shows an edit's history and a removal")
                    .containsExactlyInAnyOrder("version", "removal: Personal information, removed on request");
            mediaAreMilksOwnCopies(jdbc, milk.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
                    deadline.plus(Duration.ofSeconds(60)));
        }
    }

    /**
     * Every link of the demo's archives is copied by Milk's copier from the demo's CDN (this
     * machine needs no network), and the page loads each image from Milk: its copies, its assets.
     */
    private static void mediaAreMilksOwnCopies(JdbcTemplate jdbc, int port, Instant deadline) throws Exception {
        List<String> rows = mediaStates(jdbc);
        while (Instant.now().isBefore(deadline) && rows.stream().anyMatch(r -> r.contains(" pending"))) {
            Thread.sleep(250);
            rows = mediaStates(jdbc);
        }
        assertThat(rows).as("every medium of the demo archive is copied, none failed")
                .isNotEmpty().allMatch(r -> r.endsWith(" stored"));
        assertThat(rows.stream().map(r -> r.substring(0, r.indexOf(' '))).distinct())
                .containsExactlyInAnyOrder("avatar", "attachment", "embed_image", "embed_thumbnail", "sticker", "emoji",
                        "component_media", "component_file", "role_icon", "tag_badge");

        String publicId = jdbc.queryForObject("SELECT public_id FROM archive WHERE internal_id = ?", String.class,
                DemoArchive.ARCHIVE_ID);
        HttpClient http = HttpClient.newHttpClient();
        String page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/archive/" + publicId))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> sources = Pattern.compile("<img\\b[^>]*\\bsrc=\"([^\"]*)\"").matcher(page).results()
                .map(m -> m.group(1)).toList();
        assertThat(sources).as("the page's images").isNotEmpty()
                .allMatch(src -> src.startsWith("/media/") || src.startsWith("/assets/"))
                .anyMatch(src -> src.startsWith("/media/"));
        List<String> avatars = Pattern.compile("<img class=\"avatar\" [^>]*src=\"([^\"]*)\"").matcher(page).results()
                .map(m -> m.group(1)).toList();
        assertThat(avatars).as("authors' avatars: Milk's copies, and Milk's default avatars for the few without one")
                .allMatch(src -> src.startsWith("/media/") || src.matches("/assets/avatars/[0-5]\\.svg"))
                .anyMatch(src -> src.startsWith("/media/")).anyMatch(src -> src.startsWith("/assets/avatars/"));
        String copy = sources.stream().filter(src -> src.startsWith("/media/")).findFirst().orElseThrow();
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + copy.replace("&amp;", "&"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("image/"));
    }

    /** Each medium of the demo's archives as "kind state[: error]". */
    private static List<String> mediaStates(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT m.kind || ' ' || m.state || coalesce(': ' || m.error, '') FROM archive_media m
                JOIN archive a ON a.id = m.archive_id WHERE a.internal_id IN (?, ?)""", String.class,
                DemoArchive.ARCHIVE_ID, DemoShowcase.THREAD_ARCHIVE_ID);
    }

    @Test
    void demoAccountsComeInWavesWithDistinctIds() {
        List<RaidUser> accounts = DemoFeeder.accounts(new java.util.Random(42), DemoFeeder.WAVE_ACCOUNTS,
                Instant.parse("2026-11-20T21:14:03.250Z"));
        assertThat(new HashSet<>(accounts.stream().map(RaidUser::id).toList())).hasSize(DemoFeeder.WAVE_ACCOUNTS);
        long distinctJoins = accounts.stream().map(RaidUser::joinedAtMillis).distinct().count();
        assertThat(distinctJoins).as("bursts share join times").isLessThan(DemoFeeder.WAVE_ACCOUNTS / 100);
        assertThat(accounts).extracting(RaidUser::name).contains("<script>alert('milk')</script>");
    }
}
