package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A guild's privacy pages through the login with Discord (the stand-in), real Kafka and
 * PostgreSQL: the forget requests' audit ({@code /guild/{g}/privacy} and its {@code .json}) and
 * the subject-access export ({@code /guild/{g}/privacy/user/{u}.json}) open to the guild's staff,
 * logged in; a member, even the export's own subject, gets the 403; without a login, the login.
 */
class PrivacyPagesEndToEndTest extends LoginEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A guild of its own: other tests of the same JVM forget members of theirs. */
    private static final String OWN_GUILD = "81384788765716001";
    private static final long STAFF_ROLE = 999L;
    private static final String STAFF = "7303";
    private static final String MEMBER = "7301";
    private static final String LEAVER = "7399";

    @Test
    void theStaffReadTheAuditAndTheExportAMemberIsRefused() throws Exception {
        DISCORD.user("staff", Long.parseLong(STAFF));
        DISCORD.user("member", Long.parseLong(MEMBER));
        DISCORD.member("staff", OWN_GUILD, List.of(STAFF_ROLE));
        DISCORD.member("member", OWN_GUILD, List.of());
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(OWN_GUILD, List.of(Long.toString(STAFF_ROLE)), null, null,
                STAFF)).get();
        // The member wrote in a members' archive and read it; the leaver wrote there, then asked to be forgotten.
        String archiveId = Archives.newId();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, OWN_GUILD, Archives.CHANNEL, "general",
                "purge", STAFF, Archives.T0, null, ArchiveEvent.Visibility.of("members"))).get();
        archives.addMessages(archiveId, List.of(
                Archives.message(1, "subject words", null, List.of(), List.of()).toBuilder().authorId(MEMBER)
                        .authorName("member").build(),
                Archives.message(2, "leaver words", null, List.of(), List.of()).toBuilder().authorId(LEAVER)
                        .authorName("leaver").build())).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 2
                && jdbc.queryForObject("SELECT count(*) FROM guild_access WHERE guild_id = ?", Long.class,
                        Long.parseLong(OWN_GUILD)) == 1, "the archive and the guild's staff stored");
        Browser member = loggedIn("member");
        assertThat(member.send("GET", milk("/archive/" + publicId + ".json")).statusCode()).isEqualTo(200);
        var forgotten = archives.forget(new ArchiveEvent.UserForget(OWN_GUILD, LEAVER, STAFF, "asked by email")).get();
        assertThat(forgotten.messagesChanged()).isEqualTo(1);

        Browser staff = loggedIn("staff");
        String privacy = "/guild/" + OWN_GUILD + "/privacy";
        var page = staff.send("GET", milk(privacy));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(PrivacyPagesEndToEndTest::neverStored);
        assertThat(page.body()).contains("asked by email").contains(LEAVER).contains("this server");
        var audit = staff.send("GET", milk(privacy + ".json"));
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.headers().firstValue("Cache-Control")).hasValueSatisfying(PrivacyPagesEndToEndTest::neverStored);
        // Other tests of the same JVM may forget someone in every guild: this guild lists those too.
        var requests = StreamSupport.stream(JSON.readTree(audit.body()).path("requests").spliterator(), false)
                .filter(request -> LEAVER.equals(request.path("userId").asString())).toList();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.path("guild").asString()).isEqualTo(OWN_GUILD);
            assertThat(request.path("requestedBy").asString()).isEqualTo(STAFF);
            assertThat(request.path("reason").asString()).isEqualTo("asked by email");
            assertThat(request.path("messagesChanged").asInt()).isEqualTo(1);
        });

        // The member's export: their message, their name, their view once the viewer log has it; no one else's.
        String export = privacy + "/user/" + MEMBER + ".json";
        eventually(() -> StreamSupport.stream(exportOf(staff, export).path("views").spliterator(), false)
                .anyMatch(view -> "json".equals(view.path("route").asString())), "the member's view in their export");
        var download = staff.send("GET", milk(export));
        assertThat(download.headers().firstValue("Cache-Control")).hasValueSatisfying(PrivacyPagesEndToEndTest::neverStored);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(value ->
                assertThat(value).startsWith("attachment").contains("milk-" + OWN_GUILD + "-user-" + MEMBER + ".json"));
        JsonNode subject = JSON.readTree(download.body());
        assertThat(subject.path("user").asString()).isEqualTo(MEMBER);
        assertThat(subject.path("messages")).singleElement().satisfies(message -> {
            assertThat(message.path("content").asString()).isEqualTo("subject words");
            assertThat(message.path("authorName").asString()).isEqualTo("member");
        });
        assertThat(download.body()).doesNotContain("leaver");
        JsonNode leaver = exportOf(staff, privacy + "/user/" + LEAVER + ".json");
        assertThat(leaver.path("forgetRequests")).singleElement()
                .satisfies(request -> assertThat(request.path("reason").asString()).isEqualTo("asked by email"));
        assertThat(leaver.toString()).as("forgotten").doesNotContain("leaver words");

        // A member, the export's own subject too, and a reader without a login.
        Browser anonymous = new Browser(null);
        Map<String, Integer> withoutLogin = Map.of(privacy, 302, privacy + ".json", 401, export, 401);
        for (var route : withoutLogin.entrySet()) {
            var refused = member.send("GET", milk(route.getKey()));
            assertThat(refused.statusCode()).as("a member reading %s", route.getKey()).isEqualTo(403);
            assertThat(refused.body()).as("nothing of the page on its 403, but its guild").contains(OWN_GUILD)
                    .doesNotContain("asked by email").doesNotContain("subject words").doesNotContain(LEAVER);
            var asked = anonymous.send("GET", milk(route.getKey()));
            assertThat(asked.statusCode()).as("no login, %s", route.getKey()).isEqualTo(route.getValue());
            assertThat(asked.body()).doesNotContain("asked by email").doesNotContain("subject words");
        }
    }

    private static void neverStored(String cacheControl) {
        assertThat(cacheControl.split(", ")).containsExactlyInAnyOrder("no-store", "private");
    }

    private static JsonNode exportOf(Browser staff, String path) {
        var answer = staff.send("GET", milk(path));
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
