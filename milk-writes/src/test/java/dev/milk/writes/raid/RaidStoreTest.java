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

    /** The COPY is binary: every value must arrive as it was, text byte for byte and times to the millisecond. */
    @Test
    void everyValueArrivesAsItWasWrittenOnBothWaysIn() {
        Instant created = Instant.parse("2015-01-01T00:00:00.001Z");
        Instant joined = Instant.parse("2026-11-23T11:59:59.999Z");
        RaidAccount odd = new RaidAccount(Long.MAX_VALUE, "\"quoted\", comma,\nnew line \\N ünï 日本 🦀", "a_1-b.c",
                created, joined);
        RaidAccount plain = new RaidAccount(7, "", null, joined, joined);
        store.apply(List.of(insert(odd)));
        store.apply(List.of(insert(odd, plain)));

        assertThat(jdbc.queryForList("""
                SELECT user_id, name, avatar_hash, created_at, joined_at FROM raid_user WHERE raid_id = ?
                ORDER BY user_id""", key()).stream().map(row -> new RaidAccount((Long) row.get("user_id"),
                (String) row.get("name"), (String) row.get("avatar_hash"),
                ((Timestamp) row.get("created_at")).toInstant(), ((Timestamp) row.get("joined_at")).toInstant())))
                .containsExactly(plain, odd);
        assertThat(raid()).containsEntry("user_count", 2).containsEntry("started_at", joined);
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
        store.apply(List.of(create(GUILD, null, null)));
        List<RaidOutcome> outcomes = store.apply(List.of(create(GUILD + 1, "Other", "joins")));

        assertThat(outcomes).extracting(RaidOutcome::status).containsExactly(ReplyStatus.OTHER_GUILD);
        assertThat(raid()).containsEntry("guild_id", GUILD).containsEntry("guild_name", null);
    }

    /** Each of the name and reason is set by the first creation that brings it, whichever poll it shares. */
    @Test
    void theFirstCreationToBringANameOrReasonNamesTheRaidEvenOneMadeByABatch() {
        List<RaidCommand> commands = List.of(insert(account(1)), create(GUILD, null, null),
                create(GUILD, "Guild <One>", null), create(GUILD, "Renamed", "40 joins in a minute"),
                create(GUILD, null, "later reason"));
        store.apply(commands);
        Map<String, Object> together = raid();
        String first = raidId;

        raidId = "raid-" + UUID.randomUUID();
        commands.forEach(command -> store.apply(List.of(command instanceof RaidCommand.CreateRaid c
                ? new RaidCommand.CreateRaid(raidId, c.guildId(), c.guildName(), c.reason(), c.requestedAt())
                : insert(account(1)))));

        assertThat(together).containsEntry("guild_name", "Guild <One>").containsEntry("reason", "40 joins in a minute")
                .containsEntry("revision", 0);
        together.remove("public_id");
        assertThat(raid()).as("one at a time, as %s together", first).containsAllEntriesOf(together);
    }

    /** Pages of a concluded raid are kept as final: naming it late tells them; a redelivery changes nothing. */
    @Test
    void namingAConcludedRaidBumpsItsRevisionOnce() {
        store.apply(List.of(insert(account(1)), new RaidCommand.ConcludeRaid(raidId, GUILD, REQUESTED.plusSeconds(60))));
        store.apply(List.of(create(GUILD, "Late name", null)));
        store.apply(List.of(create(GUILD, "Late name", null), create(GUILD, "Other name", null)));

        assertThat(raid()).containsEntry("guild_name", "Late name").containsEntry("reason", null)
                .containsEntry("revision", 1);
    }

    private RaidCommand.CreateRaid create(long guild, String guildName, String reason) {
        return new RaidCommand.CreateRaid(raidId, guild, guildName, reason, REQUESTED);
    }

    private RaidCommand.InsertUsers insert(RaidAccount... accounts) {
        return new RaidCommand.InsertUsers(raidId, GUILD, List.of(accounts), null, REQUESTED);
    }

    private static RaidAccount account(long id) {
        return new RaidAccount(id, "account " + id, null, FIRST_JOIN.minusSeconds(86_400), FIRST_JOIN.plusSeconds(id - 1));
    }

    private Map<String, Object> raid() {
        Map<String, Object> raid = jdbc.queryForMap("""
                SELECT public_id, guild_id, user_count, started_at, concluded_at, guild_name, reason, revision
                FROM raid WHERE internal_id = ?""", raidId);
        raid.replaceAll((column, value) -> value instanceof Timestamp time ? time.toInstant() : value);
        return raid;
    }

    private long key() {
        return jdbc.queryForObject("SELECT id FROM raid WHERE internal_id = ?", Long.class, raidId);
    }
}
