package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.serializer.support.SerializingConverter;

import dev.milk.LocalPorts;
import dev.milk.settings.HostName;
import dev.milk.testing.TimeScale;
import dev.milk.testing.Waits;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Share links end to end: asked for with {@code archive.share} through Kafka as a bot asks, for a
 * staff-only archive, and opened on two reads replicas (this Milk and one more on the reads role)
 * with the login on, as production runs them. The link's grant lives in Spring Session's table,
 * so a visitor who opened it on one replica reads on the other; every read reaches the viewer log
 * (as the guild's staff read it) by the share's public id, never its token; an expired share and a
 * revoked one ({@code archive.share.revoked} through Kafka) are refused on both replicas.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShareLinksEndToEndTest extends LoginEndToEndTest {

    private static final String MODERATOR = "42";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A guild of its own, whose staff reads the viewer log. */
    private static final String OWN_GUILD = "81384788765716002";
    private static final long STAFF_ROLE = 998L;

    @Test
    void aShareLinkOpensAStaffArchiveOnEveryReplicaUntilItExpiresOrIsRevoked(CapturedOutput output) throws Exception {
        DISCORD.user("share-staff", 7203L);
        DISCORD.member("share-staff", OWN_GUILD, List.of(STAFF_ROLE));
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(OWN_GUILD, List.of(Long.toString(STAFF_ROLE)), null, null,
                MODERATOR)).get();
        String archiveId = Archives.newId();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, OWN_GUILD, Archives.CHANNEL, "general",
                "for the staff", MODERATOR, Archives.T0, null, ArchiveEvent.Visibility.of("staff"))).get();
        archives.addMessages(archiveId, List.of(Archives.message(1, "shared words", null, List.of(), List.of()))).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 60_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId) && Archives.count(jdbc, archiveId) == 1
                && jdbc.queryForObject("SELECT count(*) FROM guild_access WHERE guild_id = ?", Long.class,
                        Long.parseLong(OWN_GUILD)) == 1, "the archive and its guild's staff stored");
        String copy = Archives.storedCopy(jdbc, archiveId, Archives.FIRST_MESSAGE + 1);
        long archiveKey = jdbc.queryForObject("SELECT id FROM archive WHERE public_id = ?", Long.class, publicId);
        String archive = "/archive/" + publicId;
        List<String> routes = List.of(archive, archive + ".json", archive + ".txt", archive + ".zip", archive + ".dce.json",
                "/media/" + copy + "/words.txt");

        String token;
        try (var replica = DISCORD.readsReplica(PORT)) {
            List<Integer> replicas = List.of(PORT, LocalPorts.of(replica, "/archive"));
            for (int port : replicas) {
                assertThat(new Browser(null).send("GET", at(port, archive + ".json")).statusCode())
                        .as("before any share, no login: refused").isEqualTo(401);
            }

            ArchiveEvent.Shared shared = archives.share(archiveId, Instant.now().plus(1, ChronoUnit.DAYS), MODERATOR).get();
            String link = URI.create(shared.shareUrl()).getPath();
            assertThat(link).matches("/s/[A-Za-z0-9_-]{43}");
            token = link.substring("/s/".length());
            assertThat(shared.shareId()).as("the share's public id, not its token").hasSizeLessThan(token.length());

            // One visitor opens the link on each replica, and reads every route on both.
            List<Browser> visitors = List.of(new Browser(null), new Browser(null));
            for (int i = 0; i < visitors.size(); i++) {
                var opened = visitors.get(i).send("GET", at(replicas.get(i), link));
                assertThat(opened.statusCode()).isEqualTo(303);
                assertThat(opened.headers().firstValue("Location")).hasValue(archive);
                assertThat(opened.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session_attributes WHERE attribute_name = ?",
                    Long.class, "milk.share." + archiveKey)).as("the grants, where every replica reads them").isEqualTo(2);
            for (Browser visitor : visitors) {
                for (int port : replicas) {
                    readsEveryRoute(visitor, port, routes);
                }
            }
            // Each read, in the staff's viewer log as the request made it: 2 visitors on 2 replicas.
            Browser staff = loggedIn("share-staff");
            Map<String, Long> expected = Map.of("page", 4L, "json", 4L, "txt", 4L, "zip", 4L, "dce", 4L, "media", 4L);
            eventually(() -> expected.equals(viewsByRoute(staff, replicas.getLast(), archive, shared.shareId())),
                    "every read in the viewer log");
            assertThat(staff.send("GET", at(PORT, archive + "/views")).body()).as("the log's page")
                    .contains("share link " + shared.shareId()).doesNotContain(token);

            anExpiredShareIsRefusedOnBothReplicas(archiveId, link, replicas);

            archives.revokeShare(archiveId, shared.shareId(), MODERATOR).get();
            Waits.upTo(Duration.ofSeconds(1)).alias("the revocation on every replica").until(() -> visitors.stream()
                    .allMatch(visitor -> replicas.stream()
                            .allMatch(port -> visitor.send("GET", at(port, archive + ".json")).statusCode() == 401)));
            for (int port : replicas) {
                for (Browser visitor : visitors) {
                    assertThat(visitor.send("GET", at(port, archive)).statusCode()).as("the page: to the login").isEqualTo(302);
                }
                var again = new Browser(null).send("GET", at(port, link));
                assertThat(again.statusCode()).as("the link, revoked").isEqualTo(410);
                assertThat(again.body()).contains("revoked").doesNotContain(token);
            }
            // Sessions are sealed with login on: each attribute opened as a replica opens it.
            ConversionService sessions = replica.getBean("springSessionConversionService", ConversionService.class);
            List<byte[]> stored = jdbc.queryForList("SELECT attribute_bytes FROM spring_session_attributes", byte[].class);
            String kept = token;
            assertThat(stored).as("the sessions' attributes, opened")
                    .anyMatch(bytes -> sessions.convert(bytes, Object.class) != null).noneMatch(bytes -> {
                Object opened = sessions.convert(bytes, Object.class);
                return opened != null && new String(new SerializingConverter().convert(opened), StandardCharsets.ISO_8859_1)
                        .contains(kept);
            });
            assertThat(jdbc.queryForObject("SELECT count(*) FROM archive_view WHERE share_id LIKE ? OR route LIKE ?",
                    Long.class, "%" + token + "%", "%" + token + "%")).as("the token in the viewer log").isZero();
        }
        assertThat(output.getAll()).as("the logs").doesNotContain(token);
    }

    /** A share ending seconds from now: opened before, refused after on both replicas, link and grant. */
    private void anExpiredShareIsRefusedOnBothReplicas(String archiveId, String otherLink, List<Integer> replicas)
            throws Exception {
        Duration lifetime = TimeScale.of(Duration.ofSeconds(4));
        ArchiveEvent.Shared expiring = archives.share(archiveId, Instant.now().plus(lifetime), MODERATOR).get();
        String link = URI.create(expiring.shareUrl()).getPath();
        assertThat(link).isNotEqualTo(otherLink);
        Browser visitor = new Browser(null);
        String archive = visitor.send("GET", at(replicas.getFirst(), link)).headers().firstValue("Location").orElseThrow();
        for (int port : replicas) {
            assertThat(visitor.send("GET", at(port, archive + ".json")).statusCode()).as("before it expires").isEqualTo(200);
        }

        Waits.upTo(lifetime.plus(Duration.ofSeconds(5))).alias("the share expired on every replica").until(() ->
                replicas.stream().allMatch(port -> visitor.send("GET", at(port, archive + ".json")).statusCode() == 401));
        for (int port : replicas) {
            var again = new Browser(null).send("GET", at(port, link));
            assertThat(again.statusCode()).as("the link, expired").isEqualTo(410);
            assertThat(again.body()).contains("expired");
        }
    }

    private static void readsEveryRoute(Browser visitor, int port, List<String> routes) throws Exception {
        for (String route : routes) {
            var answer = visitor.download(at(port, route));
            assertThat(answer.statusCode()).as("%s on port %d", route, port).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).as(route).hasValue("no-store, private");
            byte[] body = route.endsWith(".zip") ? OfflineExportTest.unzip(answer.body()).get("index.html") : answer.body();
            assertThat(new String(body, StandardCharsets.UTF_8)).as(route).contains("words");
        }
    }

    /**
     * The views of the archive through the share, by route, as its staff read them in the viewer
     * log: each names no one, and the replica's host (both replicas run in this JVM, on one host).
     */
    private static Map<String, Long> viewsByRoute(Browser staff, int port, String archive, String shareId) {
        var answer = staff.send("GET", at(port, archive + "/views.json"));
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Long> byRoute = new HashMap<>();
        for (JsonNode view : JSON.readTree(answer.body()).path("views").path("data")) {
            assertThat(view.path("shareId").asString()).isEqualTo(shareId);
            assertThat(view.path("viewerId").isNull()).as("no one named").isTrue();
            assertThat(view.path("replica").asString()).isEqualTo(HostName.of());
            byRoute.merge(view.path("route").asString(), 1L, Long::sum);
        }
        return byRoute;
    }
}
