package dev.milk.writes.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.wire.ReplyStatus;
import dev.milk.writes.store.StoreSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The raid store alone against the real PostgreSQL ({@link StoreSlice}): the COPY and its staged fallback. */
@StoreSlice
class RaidStoreTest {

    private static final long GUILD = 81384788765712384L;
    private static final Instant REQUESTED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant FIRST_JOIN = REQUESTED.minusSeconds(600);

    @Autowired
    JdbcTemplate jdbc;

    private RaidStore store;
    private String raidId;

    @BeforeEach
    void store() {
        store = new RaidStore(jdbc, new SimpleMeterRegistry().counter("stored"));
        raidId = "raid-" + UUID.randomUUID();
    }

    @Test
    void aRaidsAccountsAreCopiedInAndItStartsAtTheFirstJoin() {
        List<RaidOutcome> outcomes = store.apply(List.of(insert(account(1), account(2), account(3))));

        assertThat(outcomes).extracting(RaidOutcome::status).containsExactly(ReplyStatus.ACCEPTED);
        assertThat(raid()).containsEntry("user_count", 3).containsEntry("started_at", FIRST_JOIN)
                .containsEntry("public_id", outcomes.getFirst().response().publicId());
        assertThat(jdbc.queryForList("SELECT name FROM raid_user WHERE raid_id = ? ORDER BY user_id", String.class,
                key())).containsExactly("account 1", "account 2", "account 3");
    }

    @Test
    void aRedeliveryIsStagedAndOnlyWhatIsNewIsStored() {
        store.apply(List.of(insert(account(1), account(2))));
        List<RaidOutcome> again = store.apply(List.of(insert(account(2), account(3), account(3))));

        assertThat(again).extracting(RaidOutcome::status).containsExactly(ReplyStatus.ACCEPTED);
        assertThat(raid()).containsEntry("user_count", 3);
        assertThat(jdbc.queryForList("SELECT user_id FROM raid_user WHERE raid_id = ? ORDER BY user_id", Long.class,
                key())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aConcludedRaidTakesNoNewAccountButARedeliveredOneIsFine() {
        List<RaidOutcome> outcomes = store.apply(List.of(insert(account(1)),
                new RaidCommand.ConcludeRaid(raidId, GUILD, REQUESTED.plusSeconds(60)),
                insert(account(2)), insert(account(1))));

        assertThat(outcomes).extracting(RaidOutcome::status).containsExactly(ReplyStatus.ACCEPTED,
                ReplyStatus.ACCEPTED, ReplyStatus.CONCLUDED, ReplyStatus.ACCEPTED);
        assertThat(raid()).containsEntry("user_count", 1).containsEntry("concluded_at", REQUESTED.plusSeconds(60));
    }

    @Test
    void aRaidBelongsToTheGuildThatCreatedIt() {
        store.apply(List.of(new RaidCommand.CreateRaid(raidId, GUILD, REQUESTED)));
        List<RaidOutcome> outcomes = store.apply(List.of(new RaidCommand.CreateRaid(raidId, GUILD + 1, REQUESTED)));

        assertThat(outcomes).extracting(RaidOutcome::status).containsExactly(ReplyStatus.OTHER_GUILD);
        assertThat(raid()).containsEntry("guild_id", GUILD);
    }

    private RaidCommand.InsertUsers insert(RaidAccount... accounts) {
        return new RaidCommand.InsertUsers(raidId, GUILD, List.of(accounts), null, REQUESTED);
    }

    private static RaidAccount account(long id) {
        return new RaidAccount(id, "account " + id, null, FIRST_JOIN.minusSeconds(86_400), FIRST_JOIN.plusSeconds(id - 1));
    }

    private Map<String, Object> raid() {
        Map<String, Object> raid = jdbc.queryForMap("""
                SELECT public_id, guild_id, user_count, started_at, concluded_at FROM raid WHERE internal_id = ?""", raidId);
        raid.replaceAll((column, value) -> value instanceof Timestamp time ? time.toInstant() : value);
        return raid;
    }

    private long key() {
        return jdbc.queryForObject("SELECT id FROM raid WHERE internal_id = ?", Long.class, raidId);
    }
}
