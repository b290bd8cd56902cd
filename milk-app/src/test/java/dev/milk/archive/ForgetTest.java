package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.milk.MilkEndToEndTest;
import dev.milk.raid.RaidUser;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The right to be forgotten: a member forgotten in a guild is gone from its archives, raid logs and
 * viewer log (only their id stays, in raids the ban evidence, in the viewer log the record of who
 * read), their logins end, everywhere they were, in the database itself; other guilds keep theirs
 * until a forget names every guild; their records arriving later are stored forgotten.
 */
class ForgetTest extends MilkEndToEndTest {

    private static final DiscordStandIn DISCORD = new DiscordStandIn();
    private static final int PORT = DiscordStandIn.freePort();

    /** Login on, so the member reads a non-public archive as a member does. */
    @DynamicPropertySource
    static void login(DynamicPropertyRegistry settings) {
        DISCORD.login(settings, PORT);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OTHER_GUILD = "81384788765712999";
    /** Drawn per run: other tests of the same JVM share the guild and its raids, never this member. */
    private static final String ZELDA = Long.toString(ThreadLocalRandom.current().nextLong(700_000_000_000_000_000L,
            800_000_000_000_000_000L));
    private static final String NAME = "Zelda Quux";
    private static final String AVATAR = "a_zeldaavatar";
    private static final String OTHER = "500";
    private static final String MODERATOR = "4242";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aForgottenMemberLeavesNothingButTheirIdAndAnAuditRow() throws Exception {
        // A sealed archive, indexed for search and kept by the page cache: Zelda wrote, was mentioned and replied to.
        String sealed = Archives.newId();
        String sealedPublicId = archives.create(Archives.created(sealed, null)).get();
        archives.addMessages(sealed, List.of(
                zelda(1, "zelda-secret-one", List.of()),
                full(2),
                other(3, "other-content-kept, hi <@" + ZELDA + ">", id(1))),
                new ArchiveMessage.Mentions(List.of(new ArchiveMessage.MentionedUser(ZELDA, NAME, AVATAR)), null, null))
                .get();
        archives.seal(sealed, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> rows("archive_search", sealed) == 3, "the sealed archive indexed for search");
        HttpResponse<String> before = get("/archive/" + sealedPublicId);
        assertThat(before.body()).contains("zelda-secret-one").contains("@" + NAME);
        get("/archive/" + sealedPublicId);   // kept by the page cache from now on

        // An open archive: Zelda's edited message with a file Milk copied.
        String edited = Archives.newId();
        archives.create(Archives.created(edited, null)).get();
        String photo = CdnStandIn.shared().fixture("photo.png");
        archives.addMessages(edited, List.of(
                zelda(10, "zelda-original", List.of(new ArchiveMessage.Attachment("9", "zelda-passport.png", "image/png",
                        30_000L, photo))),
                other(11, "other-content-kept too", null))).get();
        archives.addMessages(edited, List.of(zeldaEdited(10, "zelda-edited", 5))).get();
        eventually(() -> rows("archive_message_version", edited) == 1 && copied(edited) >= 1,
                "the edit stored and the file copied");

        // Another guild's archive, and raids: two in the guild (one concluded), one in the other guild.
        String elsewhere = Archives.newId();
        archives.create(new ArchiveEvent.Created(elsewhere, OTHER_GUILD, Archives.CHANNEL, "general", "spam", "42",
                Archives.T0, null)).get();
        archives.addMessages(elsewhere, List.of(zelda(20, "zelda-other-guild", List.of()))).get();
        String concluded = raid(GUILD, true);
        String live = raid(GUILD, false);
        String otherRaid = raid(OTHER_GUILD, false);
        eventually(() -> Archives.count(jdbc, elsewhere) == 1, "the other guild's archive stored");

        // A members' archive she read through her login: the viewer log names her, her session holds her name and token.
        String tickets = Archives.newId();
        String ticketsPublicId = archives.create(new ArchiveEvent.Created(tickets, GUILD, Archives.CHANNEL, "tickets",
                "ticket", "42", Archives.T0, null, ArchiveEvent.Visibility.of("members"))).get();
        archives.addMessages(tickets, List.of(other(40, "words of a ticket", null))).get();
        eventually(() -> Archives.count(jdbc, tickets) == 1, "the members' archive stored");
        DISCORD.user("zelda", Long.parseLong(ZELDA));
        DISCORD.member("zelda", GUILD, List.of());
        Browser browser = new Browser("zelda");
        assertThat(browser.open(milk("/archive/" + ticketsPublicId)).body()).contains("words of a ticket");
        eventually(() -> viewers(tickets).equals(List.of(ZELDA + " zelda")), "her view logged");
        assertThat(sessions()).as("her login").isOne();

        var request = new ArchiveEvent.UserForget(GUILD, ZELDA, MODERATOR, "GDPR request <b>");
        ArchiveEvent.UserForgotten reply = archives.forget(request).get(30, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(new ArchiveEvent.UserForgotten(GUILD, ZELDA, 2, 3, 2, 2));
        assertThat(archives.forget(request).get(30, TimeUnit.SECONDS)).as("redelivered: applied once").isEqualTo(reply);
        assertThat(jdbc.queryForList("""
                SELECT requested_by || ' ' || reason || ' ' || archives_changed || messages_changed || raids_changed
                       || accounts_changed FROM user_forget WHERE user_id = ?""", String.class, Long.parseLong(ZELDA)))
                .containsExactly(MODERATOR + " GDPR request <b> 2322");

        assertThat(viewers(tickets)).as("her view keeps her id, not her name").containsExactly(ZELDA + " Deleted user");
        assertThat(sessions()).as("her logins ended").isZero();
        assertThat(browser.send("GET", milk("/archive/" + ticketsPublicId)).statusCode()).as("her browser, logged out")
                .isEqualTo(302);

        // The kept page is dropped: every reader sees the forget at once.
        HttpResponse<String> page = get("/archive/" + sealedPublicId);
        assertThat(page.headers().firstValue("ETag")).isNotEqualTo(before.headers().firstValue("ETag"));
        assertThat(page.body()).doesNotContain("zelda").doesNotContain(NAME).doesNotContain(AVATAR)
                .contains("<span class=\"mention\">@Deleted user</span>").contains("other-content-kept, hi")
                .contains("Deleted user");
        JsonNode json = JSON.readTree(get("/archive/" + sealedPublicId + ".json").body());
        assertThat(json.path("messages").path("mentions").path("users").findValuesAsString("name"))
                .containsExactly("Deleted user");
        JsonNode first = json.path("messages").path("data").get(0);
        assertThat(first.path("authorName").asString()).isEqualTo("Deleted user");
        assertThat(first.path("content").asString()).isEmpty();
        assertThat(jdbc.queryForList("""
                SELECT DISTINCT strip(s.document)::text || ' has ' || s.has FROM archive_search s
                JOIN archive a ON a.id = s.archive_id WHERE a.internal_id = ? AND s.author = ?""", String.class,
                sealed, Long.parseLong(ZELDA)))
                .as("the forgotten member's search rows: their places, searched as live ones are (from:id), no word of theirs")
                .containsExactly("'deleted' 'user' has 0");
        assertThat(rows("archive_message_version", edited)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_media d JOIN archive a ON a.id = d.archive_id
                WHERE a.internal_id = ? AND d.message_id = ?""", Integer.class, edited, Long.parseLong(id(10)))).isZero();
        assertThat(get("/raid/" + concluded + ".json").body()).doesNotContain("Zelda").contains("Deleted user")
                .contains(ZELDA);

        // Records of hers arriving after the forget are stored forgotten.
        archives.addMessages(edited, List.of(zelda(12, "zelda-late", List.of()), zeldaEdited(12, "zelda-late-edit", 9)))
                .get();
        String lateRaid = raid(GUILD, false);
        eventually(() -> Archives.count(jdbc, edited) == 3, "the late message stored");
        assertThat(jdbc.queryForList("""
                SELECT m.author_name || '|' || m.content || '|' || coalesce(m.author_avatar_hash, '-') FROM archive_message m
                JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ? AND m.author_id = ?""", String.class,
                edited, Long.parseLong(ZELDA))).containsOnly("Deleted user||-").hasSize(2);
        assertThat(rows("archive_message_version", edited)).isZero();
        assertThat(accountName(lateRaid)).isEqualTo("Deleted user|-");
        assertThat(accountName(live)).isEqualTo("Deleted user|-");
        assertThat(accountName(otherRaid)).as("another guild's raid is not touched").isEqualTo(NAME + "|" + AVATAR);
        assertThat(jdbc.queryForObject("""
                SELECT m.content FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                String.class, elsewhere)).isEqualTo("zelda-other-guild");

        // Forgotten in every guild: the other guild's archive and raid too.
        ArchiveEvent.UserForgotten everywhere = archives.forget(new ArchiveEvent.UserForget(null, ZELDA, MODERATOR,
                "every guild")).get(30, TimeUnit.SECONDS);
        assertThat(everywhere).isEqualTo(new ArchiveEvent.UserForgotten(null, ZELDA, 1, 1, 1, 1));
        String elsewhereLate = Archives.newId();
        archives.create(new ArchiveEvent.Created(elsewhereLate, "81384788765712777", Archives.CHANNEL, "general",
                "spam", "42", Archives.T0, null)).get();
        archives.addMessages(elsewhereLate, List.of(zelda(30, "zelda-third-guild", List.of()))).get();
        eventually(() -> Archives.count(jdbc, elsewhereLate) == 1, "a third guild's late message stored");

        String dump = dump().toLowerCase(Locale.ROOT);
        assertThat(dump).as("the database holds nothing of hers").doesNotContain("zelda")
                .doesNotContain(NAME.toLowerCase(Locale.ROOT)).doesNotContain(AVATAR)
                .as("nor does a bytea (as pg_dump writes one, in hex), such as a session's attributes")
                .doesNotContain(HexFormat.of().formatHex("zelda".getBytes(StandardCharsets.UTF_8)))
                .contains("other-content-kept").contains("deleted user");
    }

    private static String id(int n) {
        return Long.toString(Archives.FIRST_MESSAGE + n);
    }

    private static ArchiveMessage zelda(int n, String content, List<ArchiveMessage.Attachment> attachments) {
        return new ArchiveMessage(id(n), ZELDA, NAME, AVATAR, false, content, Archives.T0 + n * 1_000L, null, null,
                attachments, List.of(), List.of());
    }

    private static ArchiveMessage zeldaEdited(int n, String content, int minutes) {
        ArchiveMessage m = zelda(n, content, List.of());
        return new ArchiveMessage(m.id(), m.authorId(), m.authorName(), m.authorAvatarHash(), false, content,
                m.createdAtMillis(), Archives.T0 + minutes * 60_000L, null, List.of(), List.of(), List.of());
    }

    /** Zelda's message with every part a message has: a poll, reactions, a forwarded message, a sticker, an embed. */
    private static ArchiveMessage full(int n) {
        var emoji = new ArchiveMessage.Emoji(null, "zelda-emoji", null);
        var embed = new ArchiveMessage.Embed("zelda-embed-title", "zelda-embed", null, null, List.of(), null, null, null,
                null, null, null, null);
        return new ArchiveMessage(id(n), ZELDA, NAME, AVATAR, false, "zelda-everything", Archives.T0 + n * 1_000L, null,
                null, List.of(), List.of(embed), List.of(new ArchiveMessage.Sticker("5", "zelda-sticker", "png")), null,
                0x00FF00, null, List.of(new ArchiveMessage.Reaction(emoji, 3)),
                new ArchiveMessage.ThreadLink("77", "zelda-thread", 2, null),
                new ArchiveMessage.Poll("zelda-poll", List.of(new ArchiveMessage.PollAnswer("zelda-answer", emoji, 1)),
                        Archives.T0, false),
                new ArchiveMessage.Forwarded("zelda-forwarded", Archives.T0, List.of(), List.of(), List.of()));
    }

    /** Who used a command is named inside the bot's answer: a forget takes that name too, before and after it. */
    @Test
    void whoUsedACommandIsForgottenInTheBotsAnswer() throws Exception {
        String user = Long.toString(ThreadLocalRandom.current().nextLong(700_000_000_000_000_000L, 800_000_000_000_000_000L));
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, List.of(answer(30, user))).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("Quinn Secret"), "the answer stored");

        archives.forget(new ArchiveEvent.UserForget(Archives.GUILD, user, MODERATOR, "asked")).get(30, TimeUnit.SECONDS);
        archives.addMessages(archiveId, List.of(answer(31, user))).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 2, "the late answer stored");
        String page = get("/archive/" + publicId).body();
        assertThat(page).doesNotContain("Quinn Secret").contains("<span class=\"reply-author\">Deleted user</span> used <span class=\"command\">/ban</span>");
        assertThat(get("/archive/" + publicId + ".json").body()).doesNotContain("Quinn Secret").doesNotContain("quinnavatar");
        assertThat(get("/archive/" + publicId + ".txt").body()).doesNotContain("Quinn Secret");
    }

    private static ArchiveMessage answer(int n, String user) {
        return other(n, "banned", null).toBuilder().authorIsBot(true).interactionMetadata(
                new ArchiveMessage.InteractionMetadata(id(n), 2, new ArchiveMessage.MentionedUser(user, "Quinn Secret",
                        "quinnavatar"), "ban")).build();
    }

    private static ArchiveMessage other(int n, String content, String replyTo) {
        return new ArchiveMessage(id(n), OTHER, "moderator", null, false, content, Archives.T0 + n * 1_000L, null,
                replyTo, List.of(), List.of(), List.of());
    }

    /** A raid of the guild with Zelda and another account; @return its public id */
    private static String raid(String guild, boolean concluded) {
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, guild)).publicId();
        await(client.insertUsers(raidId, guild, List.of(
                new RaidUser(ZELDA, NAME, AVATAR, 1_700_000_000_000L, Archives.T0),
                new RaidUser("700000000000000002", "bystander", null, 1_700_000_000_000L, Archives.T0 + 1_000))));
        if (concluded) {
            await(client.concludeRaid(raidId, guild, Instant.ofEpochMilli(Archives.T0 + 60_000)));
        }
        return publicId;
    }

    private String accountName(String raidPublicId) {
        return jdbc.queryForObject("""
                SELECT u.name || '|' || coalesce(u.avatar_hash, '-') FROM raid_user u JOIN raid r ON r.id = u.raid_id
                WHERE r.public_id = ? AND u.user_id = ?""", String.class, raidPublicId, Long.parseLong(ZELDA));
    }

    /** The archive's viewer log: each view's viewer id and name. */
    private List<String> viewers(String archiveId) {
        return jdbc.queryForList("""
                SELECT v.viewer_id || ' ' || v.viewer_name FROM archive_view v JOIN archive a ON a.id = v.archive_id
                WHERE a.internal_id = ? ORDER BY v.id""", String.class, archiveId);
    }

    /** Her logins: Spring Session's rows whose principal is her Discord id. */
    private long sessions() {
        return jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Long.class, ZELDA);
    }

    private static URI milk(String path) {
        return URI.create("http://127.0.0.1:" + PORT + path);
    }

    private int rows(String table, String archiveId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM " + table + " t JOIN archive a ON a.id = t.archive_id"
                + " WHERE a.internal_id = ?", Integer.class, archiveId);
        return n == null ? 0 : n;
    }

    private int copied(String archiveId) {
        Integer n = jdbc.queryForObject("""
                SELECT count(*) FROM archive_media d JOIN archive a ON a.id = d.archive_id
                WHERE a.internal_id = ? AND d.state = 'stored'""", Integer.class, archiveId);
        return n == null ? 0 : n;
    }

    /** The test database as {@code pg_dump} writes it: every table's rows, as a backup would hold them. */
    private static String dump() throws IOException, InterruptedException {
        TestDatabase database = TestPostgres.database();
        URI server = URI.create(database.url().substring("jdbc:".length()));
        var pgDump = new ProcessBuilder("pg_dump", "--no-owner", "--host", server.getHost(),
                "--port", Integer.toString(server.getPort() < 0 ? 5432 : server.getPort()),
                "--username", database.username(), "--dbname", server.getPath().substring(1))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Optional.ofNullable(database.password()).ifPresent(p -> pgDump.environment().put("PGPASSWORD", p));
        Process process = pgDump.start();
        String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("pg_dump's exit status").isZero();
        assertThat(dump).contains("COPY public.archive_message");
        return dump;
    }
}
