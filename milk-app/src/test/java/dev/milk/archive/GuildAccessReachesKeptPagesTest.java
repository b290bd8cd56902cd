package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.milk.MilkEndToEndTest;

/**
 * A sealed archive's and a concluded raid's pages are kept by each replica, trusted here for an
 * hour: when a guild.access changes its defaults (they may no longer be public), the writer's
 * NOTIFY must make every replica drop them as it commits. What the pages show is changed behind
 * the cache's back first, so a page served from the cache tells itself apart from one read again.
 */
@TestPropertySource(properties = "milk.reads.cache.revalidate=1h")
class GuildAccessReachesKeptPagesTest extends MilkEndToEndTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aGuildsNewDefaultsDropTheKeptPagesOfItsArchivesAndRaids() throws Exception {
        String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L,
                900_000_000_000_000_000L));
        String archiveId = Archives.newId();
        String archive = archives.create(new ArchiveEvent.Created(archiveId, guild, Archives.CHANNEL, "general", null,
                "42", Archives.T0, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 3)).get();
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 60_000)).get();
        eventually(() -> Archives.sealed(jdbc, archiveId), "the archive sealed");
        String raidId = newRaidId();
        String raid = await(client.createRaid(raidId, guild)).publicId();
        await(client.insertUsers(raidId, guild, accounts(1_000_000L, 3, 1_763_899_200_000L, 1_000)));
        await(client.concludeRaid(raidId, guild, null));

        assertThat(get("/archive/" + archive + ".txt").body()).contains("message 1");
        assertThat(get("/raid/" + raid + ".json").body()).contains("bot1");
        jdbc.update("""
                UPDATE archive_message SET content = 'read again' WHERE archive_id = (SELECT id FROM archive
                WHERE internal_id = ?)""", archiveId);
        jdbc.update("UPDATE raid_user SET name = 'read again' WHERE raid_id = (SELECT id FROM raid WHERE internal_id = ?)",
                raidId);
        assertThat(get("/archive/" + archive + ".txt").body()).as("kept").contains("message 1");
        assertThat(get("/raid/" + raid + ".json").body()).as("kept").contains("bot1");

        archives.changeGuildAccess(new ArchiveEvent.GuildAccess(guild, List.of("7"), ArchiveEvent.Visibility.of("members"),
                ArchiveEvent.Visibility.of("members"), "42")).get();

        // No longer public, and this test starts no login: every replica answers 404, never its kept copy.
        eventually(() -> get("/archive/" + archive + ".txt").statusCode() == 404, "the archive's kept pages dropped");
        assertThat(get("/archive/" + archive + ".dce.json").statusCode()).as("nor its DCE export").isEqualTo(404);
        eventually(() -> get("/raid/" + raid + ".json").statusCode() == 404, "the raid's kept pages dropped");
    }
}
