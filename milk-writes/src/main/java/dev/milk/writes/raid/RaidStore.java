package dev.milk.writes.raid;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.wire.ReplyStatus;
import dev.milk.writes.store.PublicIdRows;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of raid commands in the caller's transaction, with set-based SQL: one query to
 * find the batch's raids, one insert for the new ones, COPY for the accounts (a million-account
 * raid must not be a million INSERTs), one update for the conclusions. Idempotent: applying the
 * same batch twice leaves the same rows, so a redelivered batch changes nothing.
 */
final class RaidStore {

    private final JdbcTemplate jdbc;
    private final Counter accountsStored;

    RaidStore(JdbcTemplate jdbc, Counter accountsStored) {
        this.jdbc = jdbc;
        this.accountsStored = accountsStored;
    }

    /** @return one outcome per command, in order */
    List<RaidOutcome> apply(List<RaidCommand> commands) {
        Map<String, StoredRaid> raids = find(commands.stream().map(RaidCommand::raidId).collect(Collectors.toSet()));
        Map<String, NewRaid> toCreate = new LinkedHashMap<>();
        Map<String, Instant> conclusions = new LinkedHashMap<>();
        List<RaidCommand.InsertUsers> inserts = new ArrayList<>();
        Refusal[] refusals = new Refusal[commands.size()];

        for (int i = 0; i < commands.size(); i++) {
            RaidCommand command = commands.get(i);
            String raidId = command.raidId();
            Long guildId = raids.containsKey(raidId) ? Long.valueOf(raids.get(raidId).guildId())
                    : toCreate.containsKey(raidId) ? Long.valueOf(toCreate.get(raidId).guildId()) : null;
            if (guildId != null && guildId != command.guildId()) {
                refusals[i] = new Refusal(ReplyStatus.OTHER_GUILD,
                        "raid '" + raidId + "' belongs to guild " + guildId + ", not " + command.guildId());
                continue;
            }
            switch (command) {
                case RaidCommand.CreateRaid create ->
                    toCreate.putIfAbsent(raidId, new NewRaid(raidId, create.guildId(), create.requestedAt()));
                case RaidCommand.InsertUsers insert when closedAt(raids.get(raidId), conclusions.get(raidId)) != null
                        && !insert.users().isEmpty() -> {
                    // A concluded raid's list is final: its pages are cached as immutable.
                    long fresh = notStored(raids.get(raidId), insert.users());
                    if (fresh > 0) {
                        refusals[i] = new Refusal(ReplyStatus.CONCLUDED, "raid '" + raidId + "' was concluded at "
                                + closedAt(raids.get(raidId), conclusions.get(raidId)) + "; " + fresh + " of "
                                + insert.users().size() + " accounts are new, and a concluded raid takes none");
                    }
                }
                case RaidCommand.InsertUsers insert -> {
                    if (guildId == null) {
                        toCreate.putIfAbsent(raidId, new NewRaid(raidId, insert.guildId(), insert.requestedAt()));
                    }
                    inserts.add(insert);
                    if (insert.concludedAt() != null) {
                        conclusions.putIfAbsent(raidId, insert.concludedAt());
                    }
                }
                case RaidCommand.ConcludeRaid conclude -> {
                    if (guildId == null) {
                        refusals[i] = new Refusal(ReplyStatus.UNKNOWN_RAID,
                                "unknown raid '" + raidId + "': create it, or insert its users, first");
                    } else {
                        conclusions.putIfAbsent(raidId, conclude.concludedAt());
                    }
                }
            }
        }
        toCreate.keySet().removeAll(raids.keySet());
        raids.putAll(create(toCreate.values()));
        copyAccounts(inserts, raids);
        conclude(conclusions, raids);

        List<RaidOutcome> outcomes = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            StoredRaid raid = raids.get(commands.get(i).raidId());
            String publicId = raid == null ? null : raid.publicId();
            outcomes.add(refusals[i] == null ? RaidOutcome.accepted(publicId)
                    : RaidOutcome.refused(publicId, refusals[i].status(), refusals[i].error()));
        }
        return outcomes;
    }

    /** When the raid ended: stored, or concluded earlier in this batch; null while it is open. */
    private static Instant closedAt(StoredRaid stored, Instant concludedInBatch) {
        return stored != null && stored.concludedAt() != null ? stored.concludedAt() : concludedInBatch;
    }

    /** How many of {@code accounts} the raid does not hold yet (all of them for a raid not stored yet). */
    private long notStored(StoredRaid raid, List<RaidAccount> accounts) {
        if (raid == null) {
            return accounts.size();
        }
        Long stored = jdbc.queryForObject("SELECT count(*) FROM raid_user WHERE raid_id = ? AND user_id = ANY (?)",
                Long.class, raid.id(), accounts.stream().map(RaidAccount::id).toArray(Long[]::new));
        return accounts.size() - (stored == null ? 0 : stored);
    }

    private Map<String, StoredRaid> find(Set<String> internalIds) {
        Map<String, StoredRaid> found = new HashMap<>();
        if (internalIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT internal_id, id, public_id, guild_id, concluded_at FROM raid WHERE internal_id = ANY (?)",
                ps -> ps.setArray(1, array(ps.getConnection(), "text", internalIds.toArray())),
                rs -> {
                    var concluded = rs.getTimestamp(5);
                    found.put(rs.getString(1), new StoredRaid(rs.getLong(2), rs.getString(3), rs.getLong(4),
                            concluded == null ? null : concluded.toInstant()));
                });
        return found;
    }

    private Map<String, StoredRaid> create(Collection<NewRaid> raids) {
        Map<String, NewRaid> byId = new HashMap<>();
        raids.forEach(r -> byId.put(r.internalId(), r));
        return new PublicIdRows<>((internalIds, publicIds) -> jdbc.update("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at)
                SELECT n.internal_id, n.public_id, n.guild_id, milk_millis(n.started_at)
                FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])
                     AS n (internal_id, public_id, guild_id, started_at)
                ON CONFLICT DO NOTHING""", ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, array(connection, "text", internalIds.toArray()));
            ps.setArray(2, array(connection, "text", publicIds.toArray()));
            ps.setArray(3, array(connection, "bigint", internalIds.stream().map(id -> byId.get(id).guildId()).toArray()));
            ps.setArray(4, array(connection, "bigint",
                    internalIds.stream().map(id -> byId.get(id).startedAt().toEpochMilli()).toArray()));
        }), this::find).create(byId.keySet());
    }

    private void copyAccounts(List<RaidCommand.InsertUsers> inserts, Map<String, StoredRaid> raids) {
        Map<Long, List<RaidAccount>> byRaid = new LinkedHashMap<>();
        for (RaidCommand.InsertUsers insert : inserts) {
            if (!insert.users().isEmpty()) {
                byRaid.computeIfAbsent(Objects.requireNonNull(raids.get(insert.raidId())).id(), raid -> new ArrayList<>())
                        .addAll(insert.users());
            }
        }
        if (!byRaid.isEmpty()) {
            accountsStored.increment(IncomingAccounts.store(jdbc, byRaid));
        }
    }

    private void conclude(Map<String, Instant> conclusions, Map<String, StoredRaid> raids) {
        if (conclusions.isEmpty()) {
            return;
        }
        jdbc.update("""
                UPDATE raid SET concluded_at = milk_millis(c.concluded_at)
                FROM unnest(?::bigint[], ?::bigint[]) AS c (id, concluded_at)
                WHERE raid.id = c.id AND raid.concluded_at IS NULL""", ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, array(connection, "bigint",
                    conclusions.keySet().stream().map(id -> raids.get(id).id()).toArray()));
            ps.setArray(2, array(connection, "bigint",
                    conclusions.values().stream().map(Instant::toEpochMilli).toArray()));
        });
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private record Refusal(ReplyStatus status, String error) {
    }

    private record StoredRaid(long id, String publicId, long guildId, Instant concludedAt) {
    }

    private record NewRaid(String internalId, long guildId, Instant startedAt) {
    }
}
