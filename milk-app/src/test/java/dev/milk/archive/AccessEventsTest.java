package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.access.ShareTokens;
import dev.milk.client.MilkRefusedException;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;

/**
 * Who may read what, as the bot sets it (issue 25): archive.created's visibility, archive.visibility,
 * guild.access, archive.share and its revocation, stored through the real broker and PostgreSQL;
 * every change that can end a page's publicity bumps the revision and is announced to the reads
 * replicas; share tokens exist only in the answer, never in the database, a log or a dead letter.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessEventsTest extends MilkEndToEndTest {

    private static final String MODERATOR = "80351110224678912";
    private static final Pattern SHARE_URL = Pattern.compile(".*/s/([A-Za-z0-9_-]{43})");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCreationKeepsItsOwnVisibilityAndOneWithoutFollowsTheGuild() throws Exception {
        String roles = Archives.newId();
        String publicId = archives.create(created(roles, Archives.GUILD,
                new ArchiveEvent.Visibility("roles", List.of("30", "10", "30")))).get();
        String plain = Archives.newId();
        archives.create(Archives.created(plain, null)).get();

        assertThat(visibility(roles)).isEqualTo("roles {10,30}");
        assertThat(visibility(plain)).as("the guild's default, read at every request").isEqualTo("null null");
        // A creation received again changes nothing, its visibility included.
        assertThat(archives.create(created(roles, Archives.GUILD, ArchiveEvent.Visibility.of("public"))).get())
                .isEqualTo(publicId);
        assertThat(visibility(roles)).isEqualTo("roles {10,30}");
    }

    @Test
    void aVisibilityChangeIsStoredAuditedOnceAndAnnouncedToTheReplicas() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        int before = revision(archiveId);
        try (var notifications = new Notifications(jdbc.getDataSource(), "milk_archive_changed")) {
            archives.changeVisibility(archiveId, ArchiveEvent.Visibility.of("staff"), MODERATOR, "a leak").get();
            // Received again (a redelivery): the same change, audited once.
            archives.changeVisibility(archiveId, ArchiveEvent.Visibility.of("staff"), MODERATOR, "a leak").get();
            archives.changeVisibility(archiveId, new ArchiveEvent.Visibility("roles", List.of("7")), "42", null).get();
            eventually(() -> visibility(archiveId).equals("roles {7}"), "the last visibility stored");
            notifications.await("milk_archive_changed", publicId);
        }
        assertThat(jdbc.queryForList("""
                SELECT concat_ws(' ', visibility, visibility_role_ids, changed_by, reason) FROM archive_visibility_change
                WHERE archive_id = (SELECT id FROM archive WHERE internal_id = ?) ORDER BY id""", String.class, archiveId))
                .containsExactly("staff " + MODERATOR + " a leak", "roles {7} 42");
        assertThat(revision(archiveId)).as("one bump per change, none for the repeat").isEqualTo(before + 2);
    }

    @Test
    void guildAccessLatestWinsAndTellsTheGuildsArchivesAndRaidsThatFollowIt() throws Exception {
        String guild = newGuild();
        String following = Archives.newId();
        String followingPublicId = archives.create(created(following, guild, null)).get();
        String own = Archives.newId();
        archives.create(created(own, guild, ArchiveEvent.Visibility.of("public"))).get();
        String raidPublicId = await(client.createRaid(newRaidId(), guild)).publicId();
        int followingBefore = revision(following);
        int ownBefore = revision(own);

        try (var notifications = new Notifications(jdbc.getDataSource(), "milk_archive_changed", "milk_raid_changed")) {
            archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of("20", "10"),
                    ArchiveEvent.Visibility.of("staff"), ArchiveEvent.Visibility.of("members"), MODERATOR)).get();
            archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of("30"),
                    new ArchiveEvent.Visibility("roles", List.of("5")), null, "42")).get();
            eventually(() -> guildAccess(guild).equals("{30} roles {5} public  42"), "the latest guild.access stored");
            notifications.await("milk_archive_changed", followingPublicId);
            notifications.await("milk_raid_changed", raidPublicId);
        }
        assertThat(revision(following)).as("bumped by each new default").isEqualTo(followingBefore + 2);
        assertThat(revision(own)).as("its own visibility does not follow the guild").isEqualTo(ownBefore);

        // The same settings again (a redelivery) change nothing, not even who set them.
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of("30", "30"),
                new ArchiveEvent.Visibility("roles", List.of("5")), ArchiveEvent.Visibility.of("public"), MODERATOR)).get();
        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of(), null, null, "43")).get();
        eventually(() -> guildAccess(guild).equals("{} public public  43"), "nobody staff, everything public");
        assertThat(revision(following)).isEqualTo(followingBefore + 3);
    }

    @Test
    void aShareIsAnsweredWithALinkWhoseTokenOnlyItsHashIsKeptOf(CapturedOutput output) throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        Instant expiresAt = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

        ArchiveEvent.Shared first = archives.share(archiveId, expiresAt, MODERATOR).get();
        // Received again (a redelivery): the same share, with a token of its own.
        ArchiveEvent.Shared again = archives.share(archiveId, expiresAt, MODERATOR).get();

        assertThat(first.archiveId()).isEqualTo(archiveId);
        assertThat(again.shareId()).isEqualTo(first.shareId());
        String firstToken = token(first);
        String againToken = token(again);
        assertThat(againToken).isNotEqualTo(firstToken);
        assertThat(jdbc.queryForList("""
                SELECT t.token_hash FROM archive_share_token t JOIN archive_share s ON s.id = t.share_id
                WHERE s.share_id = ?""", String.class, first.shareId()))
                .containsExactlyInAnyOrder(ShareTokens.hash(firstToken), ShareTokens.hash(againToken));
        assertThat(jdbc.queryForObject("""
                SELECT concat_ws(' ', s.created_by, s.expires_at = ?, s.revoked_at IS NULL) FROM archive_share s
                JOIN archive a ON a.id = s.archive_id WHERE a.internal_id = ?""", String.class,
                java.sql.Timestamp.from(expiresAt), archiveId)).isEqualTo(MODERATOR + " t t");

        // The token is in the answer alone.
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_share_token WHERE token_hash IN (?, ?)""", Integer.class,
                firstToken, againToken)).isZero();
        assertThat(output.getAll()).doesNotContain(firstToken).doesNotContain(againToken);
        for (ConsumerRecord<String, byte[]> letter : TopicReader.untilEnd("message-archives.DLT", r -> true, WAIT)) {
            assertThat(text(letter)).doesNotContain(firstToken).doesNotContain(againToken);
        }
    }

    /** Login off (no client id, as here): a non-public archive is a 404 to everyone but the holder of a share link. */
    @Test
    void withLoginOffAShareLinkStillOpensANonPublicArchive() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(created(archiveId, Archives.GUILD, ArchiveEvent.Visibility.of("staff"))).get();
        archives.addMessages(archiveId, List.of(Archives.message(1, "words for the staff", null, List.of(), List.of())))
                .get();
        eventually(() -> Archives.count(jdbc, archiveId) == 1, "the staff's archive stored");
        assertThat(get("/archive/" + publicId).statusCode()).as("without a link").isEqualTo(404);

        ArchiveEvent.Shared shared = archives.share(archiveId, Instant.now().plus(1, ChronoUnit.DAYS), MODERATOR).get();
        HttpResponse<String> opened = get(shared.shareUrl());
        assertThat(opened.statusCode()).isEqualTo(303);
        // The session cookie is Secure (no MILK_PUBLIC_URL says this is a loopback http Milk): sent by hand.
        String session = opened.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
        HttpResponse<String> page = get(URI.create(opened.headers().firstValue("Location").orElseThrow()).getPath(),
                "Cookie", session);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("words for the staff");
        assertThat(get("/archive/" + publicId).statusCode()).as("still, without the link").isEqualTo(404);
    }

    @Test
    void aRevokedShareStaysRevokedAndIsNotSharedAgain() throws Exception {
        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        Instant expiresAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String shareId = archives.share(archiveId, expiresAt, MODERATOR).get().shareId();

        archives.revokeShare(archiveId, shareId, MODERATOR).get();
        eventually(() -> revokedBy(shareId) != null, "the share revoked");
        // Revoked again, by someone else: the first revocation stays.
        archives.revokeShare(archiveId, shareId, "42").get();
        assertThatThrownBy(() -> archives.share(archiveId, expiresAt, MODERATOR).get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MilkRefusedException.class)
                .hasMessageContaining("share '" + shareId + "'").hasMessageContaining("was revoked");
        assertThat(revokedBy(shareId)).isEqualTo(Long.parseLong(MODERATOR));

        // Another archive's share, and a share that never was, are no shares of this archive.
        String other = Archives.newId();
        archives.create(Archives.created(other, null)).get();
        archives.revokeShare(other, shareId, MODERATOR).get();
        archives.revokeShare(other, "nope", MODERATOR).get();
        assertThat(deadLetters(other, 2)).containsExactly(
                "shareId: archive '" + other + "' has no share '" + shareId + "'",
                "shareId: archive '" + other + "' has no share 'nope'");
    }

    @Test
    void aShareOfAnArchiveThatCannotBeReadOrUntilAWrongTimeIsRefusedWithTheReason() throws Exception {
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        String unknown = Archives.newId();
        assertRefused(unknown, tomorrow, "archiveId: archive '" + unknown + "' is not created: send archive.created first");

        String deleted = Archives.newId();
        archives.create(Archives.created(deleted, null)).get();
        archives.delete(deleted, "takedown").get();
        assertRefused(deleted, tomorrow, "archiveId: archive '" + deleted
                + "' was taken down or has expired: there is nothing left to share");

        String archiveId = Archives.newId();
        archives.create(Archives.created(archiveId, null)).get();
        assertRefused(archiveId, Instant.now().minusSeconds(60), "expiresAtMillis: must be in the future");
        assertRefused(archiveId, Instant.now().plus(400, ChronoUnit.DAYS),
                "expiresAtMillis: must be at most 365 days from now");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM archive_share s JOIN archive a ON a.id = s.archive_id"
                + " WHERE a.internal_id IN (?, ?, ?)", Integer.class, unknown, deleted, archiveId)).isZero();
        assertThat(deadLetters(archiveId, 2)).hasSize(2);
    }

    @Test
    void badAccessEventsGoToTheDeadLetterTopicWithTheFieldNamed() throws Exception {
        String archiveId = Archives.newId();
        String uncreated = Archives.newId();
        String guild = newGuild();
        assertThatThrownBy(() -> archives.create(created(archiveId, Archives.GUILD,
                new ArchiveEvent.Visibility("staff", List.of("1")))).get())
                .cause().isInstanceOf(MilkRefusedException.class).hasMessage("visibility.roleIds: is for mode roles only");
        archives.create(Archives.created(archiveId, null)).get();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String value : List.of(
                    "{\"type\":\"archive.visibility\",\"archiveId\":\"%1$s\",\"visibility\":{\"mode\":\"roles\"},\"by\":\"1\"}",
                    "{\"type\":\"archive.visibility\",\"archiveId\":\"%1$s\",\"visibility\":{\"mode\":\"everyone\"},\"by\":\"1\"}",
                    "{\"type\":\"archive.visibility\",\"archiveId\":\"%1$s\",\"by\":\"1\"}",
                    "{\"type\":\"archive.visibility\",\"archiveId\":\"%1$s\",\"visibility\":{\"mode\":\"staff\"}}",
                    "{\"type\":\"archive.share.revoked\",\"archiveId\":\"%1$s\",\"by\":\"1\"}")) {
                send(producer, archiveId, value.formatted(archiveId));
            }
            send(producer, uncreated, "{\"type\":\"archive.visibility\",\"archiveId\":\"%s\",\"visibility\":{\"mode\":\"staff\"},\"by\":\"1\"}"
                    .formatted(uncreated));
            send(producer, guild, "{\"type\":\"guild.access\",\"guildId\":\"%s\",\"by\":\"1\"}".formatted(guild));
            send(producer, guild, ("{\"type\":\"guild.access\",\"guildId\":\"%s\",\"staffRoleIds\":[],\"by\":\"1\","
                    + "\"defaultRaidVisibility\":{\"mode\":\"members\",\"roleIds\":[\"1\"]}}").formatted(guild));
            send(producer, guild, "{\"type\":\"guild.access\",\"guildId\":\"1%s\",\"staffRoleIds\":[],\"by\":\"1\"}"
                    .formatted(guild));
            send(producer, guild, "{\"type\":\"user.forget\",\"guildId\":\"%s\",\"requestedBy\":\"1\"}".formatted(guild));
            send(producer, guild, "{\"type\":\"user.forget\",\"guildId\":\"%s\",\"userId\":\"8\"}".formatted(guild));
        }
        assertThat(deadLetters(archiveId, 6)).containsExactly(
                "visibility.roleIds: is for mode roles only",
                "visibility.roleIds: is required for mode roles: at least one role id",
                "visibility.mode: must be public, members, roles or staff",
                "visibility: is required",
                "by: is required",
                "shareId: is required");
        assertThat(deadLetters(uncreated, 1)).containsExactly(
                "archiveId: archive '" + uncreated + "' is not created: send archive.created first");
        assertThat(deadLetters(guild, 5)).containsExactly(
                "staffRoleIds: is required (empty: nobody is staff)",
                "defaultRaidVisibility.roleIds: is for mode roles only",
                "guildId: is '1" + guild + "' but the record key is not: key guild.access by the guild id so a"
                        + " guild's changes stay in order",
                "userId: is required",
                "requestedBy: is required");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM archive WHERE internal_id = ?", Integer.class, uncreated))
                .as("no placeholder for an archive only a visibility names").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM guild_access WHERE guild_id = ?", Integer.class,
                Long.parseLong(guild))).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_forget WHERE guild_id = ?", Integer.class,
                Long.parseLong(guild))).as("a refused forget leaves no audit row").isZero();
    }

    private void assertRefused(String archiveId, Instant expiresAt, String reason) {
        assertThatThrownBy(() -> archives.share(archiveId, expiresAt, MODERATOR).get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MilkRefusedException.class)
                .satisfies(e -> assertThat(((MilkRefusedException) e).status()).isEqualTo(400))
                .hasMessageStartingWith(reason);
    }

    private static ArchiveEvent.Created created(String archiveId, String guild, ArchiveEvent.Visibility visibility) {
        return new ArchiveEvent.Created(archiveId, guild, Archives.CHANNEL, "tickets", null, MODERATOR, Archives.T0, null,
                visibility);
    }

    /** A guild of the test's own: guild.access changes what every archive of its guild reads as. */
    private static String newGuild() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 900_000_000_000_000_000L));
    }

    private static String token(ArchiveEvent.Shared shared) {
        Matcher url = SHARE_URL.matcher(shared.shareUrl());
        assertThat(url.matches()).as(shared.shareId() + "'s link is a path to /s/ with a 256-bit token").isTrue();
        return url.group(1);
    }

    private String visibility(String archiveId) {
        return jdbc.queryForObject("""
                SELECT coalesce(visibility, 'null') || ' ' || coalesce(visibility_role_ids::text, 'null')
                FROM archive WHERE internal_id = ?""", String.class, archiveId);
    }

    private int revision(String archiveId) {
        return jdbc.queryForObject("SELECT revision FROM archive WHERE internal_id = ?", Integer.class, archiveId);
    }

    private String guildAccess(String guild) {
        return jdbc.queryForList("""
                SELECT concat_ws(' ', staff_role_ids, archive_visibility, archive_visibility_role_ids, raid_visibility,
                                 coalesce(raid_visibility_role_ids::text, ''), changed_by)
                FROM guild_access WHERE guild_id = ?""", String.class, Long.parseLong(guild)).stream().findFirst().orElse("");
    }

    private Long revokedBy(String shareId) {
        return jdbc.queryForObject("SELECT revoked_by FROM archive_share WHERE share_id = ?", Long.class, shareId);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>("message-archives", key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** The reasons of the dead letters keyed {@code key}, in their order. */
    private static List<String> deadLetters(String key, int count) {
        return TopicReader.await("message-archives.DLT", r -> key.equals(r.key()), count, WAIT).stream()
                .map(r -> new String(r.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .toList();
    }

    /** A dead letter whole: its value and every header. */
    private static String text(ConsumerRecord<String, byte[]> record) {
        StringBuilder text = new StringBuilder(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
        for (Header header : record.headers()) {
            text.append('\n').append(header.key()).append(": ").append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
