package dev.milk.reads.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.milk.access.AccessAutoConfiguration;
import dev.milk.access.UserForgetRepository;
import dev.milk.reads.AccessRows;
import dev.milk.reads.RouteSlice;
import dev.milk.reads.StaffStandIn;
import dev.milk.reads.web.StreamedAnswers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A guild's privacy pages on the real database: the forget requests that reached the guild, and the
 * subject-access export of one user, which holds every kind of row Milk keeps about them in that
 * guild and nothing of another user or another guild.
 */
@RouteSlice
// JPA as Milk starts it (spring.jpa.bootstrap=async builds it on the task executor).
@ImportAutoConfiguration({TaskExecutionAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
    AccessAutoConfiguration.class})
@Import(PrivacyControllerTest.Routes.class)
class PrivacyControllerTest {

    private static final long GUILD = 300_000_000_000_000_001L;
    private static final long OTHER_GUILD = 300_000_000_000_000_002L;
    private static final long USER = 400_000_000_000_000_001L;
    private static final long OTHER_USER = 400_000_000_000_000_002L;
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Autowired
    private MockMvcTester mvc;
    @Autowired
    private JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        PrivacyController privacyController(UserForgetRepository forgets, DataSource dataSource, JsonMapper json) {
            return new PrivacyController(forgets, new SubjectAccessExport(dataSource, forgets, json),
                    new StreamedAnswers(Duration.ofMinutes(1)), new StaffStandIn(), Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Test
    void theExportHoldsEveryKindOfRowAboutTheUserInTheGuildAndNothingElse() throws Exception {
        var rows = new AccessRows(jdbc);
        var first = rows.archive(GUILD, "general", USER);
        var second = rows.archive(GUILD, "tickets");
        var elsewhere = rows.archive(OTHER_GUILD, "general", USER);
        rows.message(first, 5001, USER, "Mallory", "my address is 1 Main St")
                .parts(first, 5001, "[{\"type\": 1, \"components\": [{\"type\": 2, \"label\": \"mallory-button\"}]}]",
                        "{\"primaryGuild\": {\"tag\": \"MAL\"}}",
                        "{\"id\": \"9\", \"type\": 2, \"user\": {\"id\": \"999\", \"name\": \"Carol\"}, \"name\": \"ping\"}",
                        "{\"autoModeration\": {\"ruleName\": \"mallory-rule\"}}")
                .message(first, 5002, OTHER_USER, "Bob", "bob's own words")
                .message(first, 5003, USER, "Mallory", "second thoughts")
                .version(first, 5003, "first thoughts")
                .copied(first, 5003, "https://cdn.discordapp.com/attachments/1/5003/a.png", "ab".repeat(32))
                .copied(first, 5002, "https://cdn.discordapp.com/attachments/1/5002/bob.png", "cd".repeat(32))
                .message(second, 6001, USER, "Mallory v2", "removed later")
                .removed(second, 6001, 77, "doxxing")
                .message(elsewhere, 7001, USER, "Mallory", "another server's words")
                .message(first, 5004, 600, "Milkbot", "banned someone").answering(first, 5004, USER)
                .message(elsewhere, 7002, 600, "Milkbot", "another server's ban").answering(elsewhere, 7002, USER)
                .message(first, 5005, OTHER_USER, "Bob", "bob's spam").removed(first, 5005, USER, "rule 3")
                .visibilityChanged(second, "staff", USER, "ticket closed")
                .visibilityChanged(second, "members", OTHER_USER, "bob's change")
                .visibilityChanged(elsewhere, "staff", USER, "elsewhere's change")
                .guildAccess(GUILD, 999, USER)
                .guildAccess(OTHER_GUILD, 999, USER);
        String raid = rows.raid(GUILD, USER, "Mallory joined");
        rows.raid(OTHER_GUILD, USER, "Mallory elsewhere");
        rows.raid(GUILD, OTHER_USER, "Bob joined");
        rows.view(first, USER, "Mallory", null, NOW.minusSeconds(60));
        rows.view(first, OTHER_USER, "Bob", null, NOW.minusSeconds(50));
        rows.view(elsewhere, USER, "Mallory", null, NOW.minusSeconds(40));
        var share = rows.share(second, USER, NOW.plus(Duration.ofDays(1)));
        var bobsShare = rows.share(second, OTHER_USER, NOW.plus(Duration.ofDays(1)));
        rows.revoke(bobsShare, USER);
        rows.revoke(rows.share(elsewhere, USER, NOW.plus(Duration.ofDays(1))), USER);
        rows.forget(GUILD, USER, 77, "asked by mail");
        rows.forget(null, USER, 78, "everywhere");
        rows.forget(OTHER_GUILD, USER, 79, "other server");
        rows.forget(GUILD, OTHER_USER, 77, "bob too");
        rows.forget(GUILD, OTHER_USER, USER, "asked for a member");
        rows.forget(OTHER_GUILD, OTHER_USER, USER, "elsewhere's member");

        MvcTestResult answer = mvc.get().uri("/guild/{g}/privacy/user/{u}.json", GUILD, USER)
                .header(StaffStandIn.HEADER, Long.toString(GUILD)).exchange();

        assertThat(answer).hasStatusOk().hasContentType("application/json").headers()
                .hasValue("Cache-Control", "private, no-store");
        assertThat(answer.getResponse().getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"milk-" + GUILD + "-user-" + USER + ".json\"");
        String body = answer.getResponse().getContentAsString();
        JsonNode export = json.readTree(body);
        assertThat(export.get("user").asString()).isEqualTo(Long.toString(USER));
        assertThat(export.get("exportedAt").asString()).isEqualTo(NOW.toString());
        assertThat(texts(export.get("messages"), "content")).containsExactly("my address is 1 Main St",
                "second thoughts", "");
        JsonNode edited = export.get("messages").get(1);
        assertThat(edited.get("versions").get(0).get("content").asString()).isEqualTo("first thoughts");
        assertThat(edited.get("versions").get(0).get("at").asString()).isEqualTo("2025-12-31T00:00:00.000Z");
        assertThat(edited.get("attachments").get(0).get("filename").asString()).isEqualTo("second thoughts.png");
        assertThat(edited.get("reactions").get(0).get("count").asInt()).isEqualTo(2);
        assertThat(edited.get("removed").isNull()).isTrue();
        assertThat(edited.get("media").get(0).get("copyUrl").asString()).isEqualTo("/media/" + "ab".repeat(32) + "/file");
        JsonNode removed = export.get("messages").get(2);
        assertThat(removed.get("removed").get("reason").asString()).isEqualTo("doxxing");
        assertThat(removed.get("removed").get("by").asString()).isEqualTo("77");
        assertThat(removed.get("archive").asString()).isEqualTo(second.publicId());
        JsonNode full = export.get("messages").get(0);
        assertThat(full.get("flags").asInt()).isEqualTo(4096);
        assertThat(full.get("pinned").asBoolean()).isTrue();
        assertThat(full.get("authorIsBot").isBoolean()).isTrue();
        assertThat(full.get("authorColor").asInt()).isEqualTo(16711680);
        assertThat(full.get("components").get(0).get("components").get(0).get("label").asString()).isEqualTo("mallory-button");
        assertThat(full.get("authorExtras").get("primaryGuild").get("tag").asString()).isEqualTo("MAL");
        assertThat(full.get("interaction").get("name").asString()).isEqualTo("ping");
        assertThat(full.get("systemDetails").get("autoModeration").get("ruleName").asString()).isEqualTo("mallory-rule");
        assertThat(texts(export.get("names"), "name")).containsExactly("Mallory", "Mallory v2");
        assertThat(export.get("names").get(0).get("color").asInt()).as("the role colour the archive gives them")
                .isEqualTo(16711680);
        assertThat(texts(export.get("commandUses"), "content")).as("the bots' answers naming them").containsExactly(
                "banned someone");
        JsonNode use = export.get("commandUses").get(0);
        assertThat(use.get("interaction").get("user").get("id").asString()).isEqualTo(Long.toString(USER));
        assertThat(use.get("botName").asString()).isEqualTo("Milkbot");
        JsonNode moderation = export.get("moderation");
        assertThat(texts(moderation.get("archivesCreated"), "archive")).containsExactly(first.publicId());
        assertThat(texts(moderation.get("removals"), "reason")).containsExactly("rule 3");
        assertThat(moderation.get("removals").get(0).get("messageIds").get(0).asString()).isEqualTo("5005");
        assertThat(texts(moderation.get("visibilityChanges"), "reason")).containsExactly("ticket closed");
        assertThat(texts(moderation.get("visibilityChanges").get(0).get("roleIds"))).containsExactly("111", "222");
        assertThat(texts(moderation.get("guildAccessChanges"), "archiveVisibility")).containsExactly("staff");
        assertThat(texts(moderation.get("guildAccessChanges").get(0).get("staffRoleIds"))).containsExactly("999");
        assertThat(texts(moderation.get("shareRevocations"), "shareId")).containsExactly(bobsShare.shareId());
        assertThat(texts(moderation.get("forgetsRequested"), "reason")).containsExactly("asked for a member");
        assertThat(texts(export.get("raidAccounts"), "raid")).containsExactly(raid);
        assertThat(texts(export.get("raidAccounts"), "name")).containsExactly("Mallory joined");
        assertThat(texts(export.get("views"), "archive")).containsExactly(first.publicId());
        assertThat(texts(export.get("shareLinks"), "shareId")).containsExactly(share.shareId());
        assertThat(texts(export.get("forgetRequests"), "reason")).containsExactly("asked by mail", "everywhere");
        try (var document = new ClassPathResource("static/openapi.json").getInputStream()) {
            JsonNode schemas = json.readTree(document).get("components").get("schemas");
            assertDocumented(schemas, schemas.get("SubjectAccessExport"), export, "export");
        }
        assertThat(body).doesNotContain("bob").doesNotContain("Bob").doesNotContain("another server")
                .doesNotContain("elsewhere").doesNotContain("other server").doesNotContain(elsewhere.publicId())
                .doesNotContain(share.token()).doesNotContain("cd".repeat(32));
    }

    /** Read a thousand at a time, keyset by (archive, message): every message once, in order, across batches and archives. */
    @Test
    void aLargeExportStreamsEveryMessageOnceInOrder() throws Exception {
        long guild = GUILD + 20;
        var rows = new AccessRows(jdbc);
        var first = rows.archive(guild, "one");
        var second = rows.archive(guild, "two");
        for (var archive : List.of(first, second)) {
            jdbc.sql("""
                    INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                                 created_at, attachments, embeds, stickers)
                    SELECT :archive, n, CASE WHEN n % 3 = 0 THEN :other ELSE :user END, 'Mallory', false, 'message ' || n,
                           now(), '[]', '[]', '[]'
                    FROM generate_series(1, 1650) AS n""")
                    .param("archive", archive.key()).param("user", USER).param("other", OTHER_USER).update();
        }

        MvcTestResult answer = mvc.get().uri("/guild/{g}/privacy/user/{u}.json", guild, USER)
                .header(StaffStandIn.HEADER, Long.toString(guild)).exchange();

        JsonNode messages = json.readTree(answer.getResponse().getContentAsString()).get("messages");
        List<String> expected = new ArrayList<>();
        for (var archive : List.of(first, second)) {
            for (int n = 1; n <= 1650; n++) {
                if (n % 3 != 0) {
                    expected.add(archive.publicId() + " " + n);
                }
            }
        }
        List<String> exported = new ArrayList<>();
        messages.values().forEach(m -> exported.add(m.get("archive").asString() + " " + m.get("id").asString()));
        assertThat(exported).hasSize(2_200).isEqualTo(expected);
    }

    @Test
    void theExportOfSomeoneMilkKnowsNothingAboutIsEmpty() throws Exception {
        MvcTestResult answer = mvc.get().uri("/guild/{g}/privacy/user/{u}.json", GUILD, 123)
                .header(StaffStandIn.HEADER, Long.toString(GUILD)).exchange();

        JsonNode export = json.readTree(answer.getResponse().getContentAsString());
        for (String part : List.of("messages", "names", "commandUses", "raidAccounts", "views", "forgetRequests",
                "shareLinks")) {
            assertThat(export.get(part).isEmpty()).as(part).isTrue();
        }
        assertThat(export.get("moderation").propertyNames()).hasSize(6);
        export.get("moderation").forEach(part -> assertThat(part.isEmpty()).isTrue());
    }

    @Test
    void thePrivacyPageListsTheGuildsRequestsAndThoseForEveryGuild() throws Exception {
        long guild = GUILD + 10;
        var rows = new AccessRows(jdbc);
        rows.forget(guild, USER, 77, "<b>asked</b> by mail");
        rows.forget(null, OTHER_USER, 78, "everywhere, for every server");
        rows.forget(guild + 1, USER, 79, "another server's request");

        MvcTestResult page = mvc.get().uri("/guild/{g}/privacy.json", guild).header(StaffStandIn.HEADER, Long.toString(guild))
                .exchange();
        assertThat(page).hasStatusOk().headers().hasValue("Cache-Control", "private, no-store");
        List<String> reasons = texts(json.readTree(page.getResponse().getContentAsString()).get("requests"), "reason");
        assertThat(reasons).contains("<b>asked</b> by mail", "everywhere, for every server")
                .doesNotContain("another server's request");
        assertThat(reasons.indexOf("everywhere, for every server")).as("newest first")
                .isLessThan(reasons.indexOf("<b>asked</b> by mail"));

        MvcTestResult html = mvc.get().uri("/guild/{g}/privacy", guild).header(StaffStandIn.HEADER, Long.toString(guild))
                .exchange();
        assertThat(html).hasStatusOk().hasContentType("text/html;charset=UTF-8").headers()
                .hasValue("Cache-Control", "private, no-store");
        assertThat(html).bodyText().contains("&lt;b&gt;asked&lt;/b&gt; by mail").contains("every server")
                .contains("12 messages in 3 archives, 2 accounts in 2 raids").doesNotContain("another server's request");
    }

    @Test
    void onlyTheGuildsStaffAndWellFormedIds() {
        String staff = Long.toString(GUILD);
        assertThat(mvc.get().uri("/guild/{g}/privacy.json", GUILD).exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(mvc.get().uri("/guild/{g}/privacy/user/{u}.json", GUILD, USER).header(StaffStandIn.HEADER, "1")
                .exchange()).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri("/guild/{g}/privacy", "12ab").header(StaffStandIn.HEADER, staff).exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText()
                .isEqualTo("400 Bad Request: guildId must be a positive decimal id of at most 19 digits\n");
        assertThat(mvc.get().uri("/guild/{g}/privacy/user/{u}.json", GUILD, "-5").header(StaffStandIn.HEADER, staff)
                .exchange()).hasStatus(HttpStatus.BAD_REQUEST).bodyText()
                .isEqualTo("400 Bad Request: userId must be a positive decimal id of at most 19 digits\n");
        assertThat(mvc.get().uri("/guild/{g}/privacy/user/{u}.json", GUILD, "99999999999999999999")
                .header(StaffStandIn.HEADER, staff).exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }

    /** The answer holds exactly the fields /openapi.json declares, at every level its schema describes. */
    private static void assertDocumented(JsonNode schemas, JsonNode schema, JsonNode value, String where) {
        JsonNode declared = schema.has("$ref")
                ? schemas.get(schema.get("$ref").asString().substring("#/components/schemas/".length())) : schema;
        if (value.isObject() && declared.has("properties")) {
            JsonNode properties = declared.get("properties");
            assertThat(new TreeSet<>(value.propertyNames())).as(where).isEqualTo(new TreeSet<>(properties.propertyNames()));
            properties.properties().forEach(p -> assertDocumented(schemas, p.getValue(), value.get(p.getKey()),
                    where + "." + p.getKey()));
        }
        if (value.isArray() && declared.has("items")) {
            value.values().forEach(item -> assertDocumented(schemas, declared.get("items"), item, where + "[]"));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.values().forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.values().forEach(node -> texts.add(node.get(field).asString()));
        return texts;
    }
}
