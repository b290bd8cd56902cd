package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.publicid.PublicIds;

class RaidLifecycleTest extends MilkEndToEndTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createThenUsersInBatchesWithDuplicatesThenConclude() {
        String raidId = newRaidId();
        List<RaidUser> users = accounts(900_000_000_000_000_000L, 30, 1_763_899_000_000L, 250);

        RaidResponse created = await(client.createRaid(raidId, GUILD));
        assertThat(created.acknowledged()).isTrue();
        assertThat(created.publicId()).hasSize(PublicIds.LENGTH).matches(PublicIds.LINK_ID);
        String publicId = created.publicId();

        List<RaidUser> third = new ArrayList<>(users.subList(20, 30));
        third.add(users.getFirst());
        for (List<RaidUser> batch : List.of(users.subList(0, 15), users.subList(10, 25), third)) {
            assertThat(await(client.insertUsers(raidId, GUILD, batch))).isEqualTo(RaidResponse.accepted(publicId));
        }
        Instant end = Instant.ofEpochMilli(1_763_899_600_000L);
        assertThat(await(client.concludeRaid(raidId, GUILD, end))).isEqualTo(RaidResponse.accepted(publicId));
        assertThat(await(client.concludeRaid(raidId, GUILD, end.plusSeconds(3600))))
                .isEqualTo(RaidResponse.accepted(publicId));
        assertThat(await(client.createRaid(raidId, GUILD))).isEqualTo(RaidResponse.accepted(publicId));

        var raid = jdbc.queryForMap("SELECT public_id, guild_id, concluded_at, user_count FROM raid WHERE internal_id = ?",
                raidId);
        assertThat(raid).containsEntry("public_id", publicId).containsEntry("guild_id", Long.parseLong(GUILD))
                .containsEntry("user_count", 30);
        assertThat(jdbc.queryForObject("SELECT concluded_at FROM raid WHERE internal_id = ?", Instant.class, raidId))
                .isEqualTo(end);
        assertThat(jdbc.query("""
                SELECT u.user_id, u.name, u.joined_at FROM raid_user u JOIN raid r ON r.id = u.raid_id
                WHERE r.internal_id = ? ORDER BY u.user_id""",
                (rs, n) -> new RaidUser(Long.toString(rs.getLong(1)), rs.getString(2), null, 1_700_000_000_000L,
                        rs.getTimestamp(3).getTime()), raidId))
                .containsExactlyElementsOf(users);
    }

    @Test
    void usersThatArriveFirstCreateTheRaid() {
        String raidId = newRaidId();
        RaidResponse inserted = await(client.insertUsers(raidId, GUILD,
                accounts(910_000_000_000_000_000L, 3, 1_763_899_000_000L, 1)));
        assertThat(inserted.acknowledged()).isTrue();
        assertThat(await(client.createRaid(raidId, GUILD))).isEqualTo(inserted);
    }

    @Test
    void aRaidCannotChangeGuildAndAnUnknownRaidCannotConclude() {
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, GUILD)).publicId();
        RaidResponse otherGuild = await(client.insertUsers(raidId, "42", List.of()));
        assertThat(otherGuild).isEqualTo(RaidResponse.refused(publicId,
                "raid '" + raidId + "' belongs to guild " + GUILD + ", not 42"));

        RaidResponse unknown = await(client.concludeRaid(newRaidId(), GUILD, null));
        assertThat(unknown.acknowledged()).isFalse();
        assertThat(unknown.publicId()).isNull();
    }
}
