package dev.milk.original;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.milk.MilkApplication;
import dev.milk.MilkEndToEndTest;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;

/**
 * {@code MILK_ROLE=import} on databases built as the original Milk's Prisma migrations built them,
 * run twice, then read through the public routes: every old link keeps answering.
 */
@ExtendWith(OutputCaptureExtension.class)
class OriginalMilkImportTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HOSTILE_NAME = "tab\there, \"quoted\", back\\slash\nnew line ✨";

    @Autowired
    JdbcTemplate milk;

    @Test
    void theLastSchemaIsCopiedOnceWithEveryPublicIdAndReadsLikeBefore(CapturedOutput output) throws Exception {
        TestDatabase original = TestPostgres.anotherDatabase();
        String concluded = originalId(12);
        String open = originalId(12);
        String empty = originalId(7);
        String wave = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        try (Connection db = original.connect()) {
            execute(db, """
                    CREATE TABLE "Raid" (
                        "id" TEXT NOT NULL, "public_id" TEXT NOT NULL, "guild_id" BIGINT NOT NULL,
                        "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP, "concluded_at" TIMESTAMPTZ);
                    CREATE TABLE "RaidUser" (
                        "raid_id" TEXT NOT NULL, "id" BIGINT NOT NULL, "name" TEXT NOT NULL, "avatar_hash" TEXT,
                        "created_at" TIMESTAMPTZ NOT NULL, "joined_at" TIMESTAMPTZ NOT NULL,
                        CONSTRAINT "RaidUser_pkey" PRIMARY KEY ("raid_id", "id"));
                    CREATE UNIQUE INDEX "Raid_id_key" ON "Raid"("id");
                    CREATE UNIQUE INDEX "Raid_public_id_key" ON "Raid"("public_id");
                    CREATE INDEX "RaidUser_joined_at_idx" ON "RaidUser"("joined_at");
                    ALTER TABLE "RaidUser" ADD CONSTRAINT "RaidUser_raid_id_fkey" FOREIGN KEY ("raid_id")
                        REFERENCES "Raid"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
                    """);
            execute(db, """
                    INSERT INTO "Raid" VALUES
                        ('%s', '%s', 81384788765712384, '2024-12-30 21:14:09+00', '2024-12-30 21:30:00+00'),
                        ('%s', '%s', 81384788765712384, '2024-12-31 08:00:00+00', NULL),
                        ('%s', '%s', 81384788765712384, '2024-12-31 09:00:00+00', '2024-12-31 09:05:00+00');
                    -- 100,000 accounts joining in ties of 100 per millisecond, ids descending within a tie.
                    INSERT INTO "RaidUser"
                    SELECT '%s', 1300000000000000000 + (99999 - g), 'bot_' || g,
                           CASE WHEN g %% 2 = 0 THEN 'a_' || g END,
                           '2024-12-27 21:14:03+00'::timestamptz + g * interval '1 second',
                           '2024-12-30 21:14:03+00'::timestamptz + (g / 100) * interval '1 millisecond'
                    FROM generate_series(0, 99999) g;
                    INSERT INTO "RaidUser"
                    SELECT '%s', 1400000000000000000 + g, 'live_' || g, NULL,
                           '2024-12-28 00:00:00+00', '2024-12-31 08:00:01+00'::timestamptz + g * interval '10 ms'
                    FROM generate_series(1, 1499) g;
                    """.formatted(wave, concluded, live, open, UUID.randomUUID(), empty, wave, live));
            try (var hostile = db.prepareStatement("""
                    INSERT INTO "RaidUser" VALUES (?, 1400000000000000000, ?, NULL, '2024-12-28 00:00:00+00',
                                                   '2024-12-31 08:00:00.5+00')""")) {
                hostile.setString(1, live);
                hostile.setString(2, HOSTILE_NAME);
                hostile.executeUpdate();
            }
        }

        assertThat(importFrom(original)).isZero();
        assertThat(output.getOut()).contains("raids: 3 read, 3 imported, 0 already here")
                .contains("accounts: 101,500 read, 101,500 imported, 0 already here");
        Map<String, Object> waveRow = milk.queryForMap(
                "SELECT internal_id, guild_id, started_at, concluded_at, user_count FROM raid WHERE public_id = ?",
                concluded);
        assertThat(waveRow).containsEntry("internal_id", wave).containsEntry("guild_id", 81384788765712384L)
                .containsEntry("user_count", 100_000);
        // A raid starts with its first account's join, before the bot created it.
        assertThat(instant("SELECT started_at FROM raid WHERE public_id = ?", concluded))
                .isEqualTo(Instant.parse("2024-12-30T21:14:03Z"));
        assertThat(instant("SELECT concluded_at FROM raid WHERE public_id = ?", concluded))
                .isEqualTo(Instant.parse("2024-12-30T21:30:00Z"));
        assertThat(milk.queryForObject("""
                SELECT u.name FROM raid_user u JOIN raid r ON r.id = u.raid_id
                WHERE r.public_id = ? AND u.user_id = 1400000000000000000""", String.class, open)).isEqualTo(HOSTILE_NAME);

        int before = output.getOut().length();
        assertThat(importFrom(original)).as("the second run").isZero();
        assertThat(output.getOut().substring(before)).contains("raids: 3 read, 0 imported, 3 already here")
                .contains("accounts: 101,500 read, 0 imported, 101,500 already here");
        assertThat(milk.queryForObject("""
                SELECT sum(user_count) || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id IN
                       (SELECT id FROM raid WHERE public_id IN (?, ?, ?)))
                FROM raid WHERE public_id IN (?, ?, ?)""", String.class, concluded, open, empty, concluded, open, empty))
                .isEqualTo("101500/101500");

        HttpResponse<String> text = get("/raid/" + concluded);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).startsWith("""
                Userbot raid detected against server 81384788765712384 on 2024-12-30
                Raid size: 100,000 accounts

                Joined at:                 ID:                    Username:

                2024-12-30T21:14:03.000Z   1300000000000099900    bot_99
                2024-12-30T21:14:03.000Z   1300000000000099901    bot_98
                """);
        assertThat(get("/raid/" + concluded + "/").body()).as("with a trailing slash").isEqualTo(text.body());
        HttpResponse<String> old = get("/antispam/" + concluded);
        assertThat(old.statusCode()).isEqualTo(301);
        assertThat(old.headers().firstValue("Location")).hasValue("/raid/" + concluded);
        assertThat(get("/antispam/" + concluded + "/").statusCode()).isEqualTo(301);

        JsonNode page = JSON.readTree(get("/raid/" + open + ".json").body());
        assertThat(page.get("raid").get("size").asInt()).isEqualTo(1_500);
        assertThat(page.get("raid").get("concludedAt").isNull()).isTrue();
        assertThat(page.get("users").get("data").get(0).get("name").asString()).isEqualTo(HOSTILE_NAME);
        assertThat(get("/raid/" + empty).body()).contains("There are no users logged for this raid");

        List<String> csv = get("/raid/" + concluded + ".csv").body().lines().toList();
        assertThat(csv).hasSize(100_001);
        List<String> expectedOrder = new ArrayList<>();
        for (int tie = 0; tie < 1_000; tie++) {
            for (int g = tie * 100 + 99; g >= tie * 100; g--) {
                expectedOrder.add(Long.toString(1_300_000_000_000_000_000L + 99_999 - g));
            }
        }
        assertThat(csv.subList(1, csv.size()).stream().map(line -> line.substring(0, line.indexOf(','))).toList())
                .as("ties broken by user id, as everywhere in Milk").isEqualTo(expectedOrder);
    }

    @Test
    void theOlderExternalIdSchemaIsCopiedToo(CapturedOutput output) throws Exception {
        TestDatabase original = TestPostgres.anotherDatabase();
        String kept = originalId(12);
        UUID raid = UUID.randomUUID();
        try (Connection db = original.connect()) {
            execute(db, """
                    CREATE TABLE "RaidUser" (
                        "internal_raid_id" UUID NOT NULL, "user_id" BIGINT NOT NULL, "name" TEXT NOT NULL,
                        "avatar_hash" TEXT, "created_at" TIMESTAMPTZ NOT NULL, "joined_at" TIMESTAMPTZ NOT NULL);
                    CREATE TABLE "Raid" (
                        "internal_id" UUID NOT NULL, "external_id" TEXT NOT NULL, "guild_id" BIGINT NOT NULL,
                        "concluded_at" TIMESTAMPTZ);
                    CREATE UNIQUE INDEX "RaidUser_user_id_key" ON "RaidUser"("user_id");
                    CREATE UNIQUE INDEX "Raid_internal_id_key" ON "Raid"("internal_id");
                    CREATE UNIQUE INDEX "Raid_external_id_key" ON "Raid"("external_id");
                    INSERT INTO "Raid" VALUES ('%s', '%s', 42, '2023-01-02 03:05:00+00'),
                                              ('%s', 'not/servable', 42, NULL);
                    INSERT INTO "RaidUser" VALUES
                        ('%s', 1500000000000000001, 'first', NULL, '2022-12-30 00:00:00+00', '2023-01-02 03:04:05.006+00'),
                        ('%s', 1500000000000000002, 'second', 'abc', '2022-12-30 00:00:00+00', '2023-01-02 03:04:06+00'),
                        ('%s', 1500000000000000003, 'orphan', NULL, '2022-12-30 00:00:00+00', '2023-01-02 03:04:06+00');
                    """.formatted(raid, kept, UUID.randomUUID(), raid, raid, UUID.randomUUID()));
        }

        assertThat(importFrom(original)).isZero();
        assertThat(output.getOut()).contains("its older schema")
                .contains("raids: 2 read, 1 imported, 0 already here; 1 refused ('not/servable')")
                .contains("accounts: 3 read, 2 imported, 0 already here; 1 without a raid, skipped");
        assertThat(instant("SELECT started_at FROM raid WHERE public_id = ?", kept))
                .isEqualTo(Instant.parse("2023-01-02T03:04:05.006Z"));
        assertThat(get("/raid/" + kept).body()).startsWith("""
                Userbot raid detected against server 42 on 2023-01-02
                Raid size: 2 accounts
                """);
    }

    @Test
    void anUnreachableSourceOrOneWithoutTheSchemaFailsWithOneLine(CapturedOutput output) throws Exception {
        assertThat(importFrom(new TestDatabase("jdbc:postgresql://127.0.0.1:1/milk", "milk", "secret"))).isEqualTo(1);
        assertThat(output.getOut()).contains(
                "import failed: cannot connect to the original Milk's database jdbc:postgresql://127.0.0.1:1/milk: ")
                .doesNotContain("secret");

        TestDatabase empty = TestPostgres.anotherDatabase();
        assertThat(importFrom(empty)).isEqualTo(1);
        assertThat(output.getOut()).contains("holds neither of the original Milk's schemas");
    }

    /** Role import, in this JVM, against Milk's test database; returns the exit code the process would have. */
    private static int importFrom(TestDatabase original) {
        List<String> arguments = new ArrayList<>(List.of("--milk.role=import",
                "--milk.import.database.url=" + original.url(), "--milk.import.database.username=" + original.username(),
                "--logging.level.dev.milk.writes.original=INFO"));
        if (original.password() != null) {
            arguments.add("--milk.import.database.password=" + original.password());
        }
        return SpringApplication.exit(SpringApplication.run(MilkApplication.class, arguments.toArray(String[]::new)));
    }

    /** Ids as the original drew them: letters and digits. */
    private static String originalId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private Instant instant(String sql, String publicId) {
        return milk.queryForObject(sql, Instant.class, publicId);
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
