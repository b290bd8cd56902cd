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
import dev.milk.writes.forget.ForgetRequests;
import dev.milk.writes.forget.RaidForgetting;
import dev.milk.writes.store.PublicIdRows;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of raid commands in the caller's transaction, with set-based SQL: one query to
 * find the batch's raids, one insert for the new ones, one update for their names, COPY for the
 * accounts (a million-account raid must not be a million INSERTs), one update for the conclusions. Idempotent: applying the
 * same batch twice leaves the same rows, so a redelivered batch changes nothing. An account of a
 * user forgotten in the raid's guild, or in every guild, is stored forgotten (a {@code user.forget}
 * arrives on the archive topic, so it may come before a raid's late records).
 */
final class RaidStore {

    private final JdbcTemplate jdbc;
    private final Counter accountsStored;
    private final ForgetRequests forgets;
    private final RaidForgetting forgetting;

    RaidStore(JdbcTemplate jdbc, Counter accountsStored) {
        this.jdbc = jdbc;
        this.accountsStored = accountsStored;
        this.forgets = new ForgetRequests(jdbc);
        this.forgetting = new RaidForgetting(jdbc);
    }

    /**
     * Applies the batch in runs, each ending at a conclusion (the one command whose effect a later
     * command checks: a concluded raid takes no new account), so the result is the one the records
     * would have had one at a time, whichever of them share a batch.
     *
     * @return one outcome per command, in order
     */
    List<RaidOutcome> apply(List<RaidCommand> commands) {
        List<RaidOutcome> outcomes = new ArrayList<>(commands.size());
        if (commands.stream().anyMatch(c -> c instanceof RaidCommand.InsertUsers)) {
            forgets.shareLock();
        }
        int start = 0;
        for (int i = 0; i < commands.size(); i++) {
            boolean concludes = commands.get(i) instanceof RaidCommand.ConcludeRaid
                    || commands.get(i) instanceof RaidCommand.InsertUsers insert && insert.concludedAt() != null;
            if (concludes || i == commands.size() - 1) {
                outcomes.addAll(applyRun(commands.subList(start, i + 1)));
                start = i + 1;
            }
        }
        return outcomes;
    }

    private List<RaidOutcome> applyRun(List<RaidCommand> commands) {
        Map<String, StoredRaid> raids = find(commands.stream().map(RaidCommand::raidId).collect(Collectors.toSet()));
        Map<String, NewRaid> toCreate = new LinkedHashMap<>();
        Map<String, Instant> conclusions = new LinkedHashMap<>();
        Map<String, Names> names = new LinkedHashMap<>();
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
                case RaidCommand.CreateRaid create -> {
                    toCreate.putIfAbsent(raidId, new NewRaid(raidId, create.guildId(), create.requestedAt()));
                    if (create.guildName() != null || create.reason() != null) {
                        names.merge(raidId, new Names(create.guildName(), create.reason()), Names::orElse);
                    }
                }
                case RaidCommand.InsertUsers insert when raids.containsKey(raidId)
                        && raids.get(raidId).concludedAt() != null && !insert.users().isEmpty() -> {
                    // A concluded raid's list is final: its pages are cached as immutable.
                    long fresh = notStored(raids.get(raidId), insert.users());
                    if (fresh > 0) {
                        refusals[i] = new Refusal(ReplyStatus.CONCLUDED, "raid '" + raidId + "' was concluded at "
                                + raids.get(raidId).concludedAt() + "; " + fresh + " of "
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
        name(names, raids);
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

    /** How many of {@code accounts} (an account named twice counts once) the stored raid does not hold yet. */
    private long notStored(StoredRaid raid, List<RaidAccount> accounts) {
        Long fresh = jdbc.queryForObject("""
                SELECT count(DISTINCT a.id) FROM unnest(?::bigint[]) AS a (id)
                WHERE NOT EXISTS (SELECT FROM raid_user u WHERE u.raid_id = ? AND u.user_id = a.id)""",
                Long.class, accounts.stream().map(RaidAccount::id).toArray(Long[]::new), raid.id());
        return fresh == null ? 0 : fresh;
    }

    private Map<String, StoredRaid> find(Set<String> internalIds) {
        Map<String, StoredRaid> found = new HashMap<>();
        if (internalIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT internal_id, id, public_id, guild_id, concluded_at FROM raid WHERE internal_id = ANY (?)",
                rs -> {
                    var concluded = rs.getTimestamp("concluded_at");
                    found.put(rs.getString("internal_id"), new StoredRaid(rs.getLong("id"), rs.getString("public_id"),
                            rs.getLong("guild_id"), concluded == null ? null : concluded.toInstant()));
                }, (Object) internalIds.toArray(String[]::new));
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
            forgetting.forgetLateAccounts(byRaid.keySet());
        }
    }

    /**
     * Sets each raid's guild name and reason where it has none yet, so the first request to bring
     * one wins and a redelivery changes nothing. A raid concluded before its creation named it (a
     * conclusion on another partition overtook it) has pages kept as final: its revision is
     * bumped and every reads replica told.
     */
    private void name(Map<String, Names> names, Map<String, StoredRaid> raids) {
        if (names.isEmpty()) {
            return;
        }
        jdbc.query("""
                WITH named AS (
                    UPDATE raid SET guild_name = coalesce(raid.guild_name, n.guild_name),
                                    reason = coalesce(raid.reason, n.reason),
                                    revision = raid.revision + CASE WHEN raid.concluded_at IS NULL THEN 0 ELSE 1 END
                    FROM unnest(?::bigint[], ?::text[], ?::text[]) AS n (id, guild_name, reason)
                    WHERE raid.id = n.id AND (raid.guild_name IS NULL AND n.guild_name IS NOT NULL
                                              OR raid.reason IS NULL AND n.reason IS NOT NULL)
                    RETURNING raid.public_id, raid.concluded_at
                )
                SELECT pg_notify(?, public_id) FROM named WHERE concluded_at IS NOT NULL""", ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, array(connection, "bigint", names.keySet().stream().map(id -> raids.get(id).id()).toArray()));
            ps.setArray(2, array(connection, "text", names.values().stream().map(Names::guildName).toArray()));
            ps.setArray(3, array(connection, "text", names.values().stream().map(Names::reason).toArray()));
            ps.setString(4, RaidChanges.CHANNEL);
        }, rs -> {
        });
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

    /** A raid's guild name and reason as requests bring them, either absent. */
    private record Names(String guildName, String reason) {

        /** Each field from this request, else from the later one: the first to bring it wins. */
        Names orElse(Names later) {
            return new Names(guildName != null ? guildName : later.guildName(), reason != null ? reason : later.reason());
        }
    }

    private record NewRaid(String internalId, long guildId, Instant startedAt) {
    }
}
