package dev.milk.writes.raid;

import java.nio.charset.StandardCharsets;
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

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.publicid.PublicIds;
import dev.milk.raid.RaidAccount;
import dev.milk.raid.RaidCommand;
import dev.milk.raid.RaidResponse;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of raid commands in the caller's transaction, with set-based SQL: one query to
 * find the batch's raids, one insert for the new ones, COPY for the accounts (a million-account
 * raid must not be a million INSERTs), one update for the conclusions. Idempotent: applying the
 * same batch twice leaves the same rows, so a redelivered batch changes nothing.
 */
final class RaidStore {

    private static final int MAX_PUBLIC_ID_ATTEMPTS = 5;
    private static final int COPY_CHUNK_CHARS = 1 << 19;

    private final JdbcTemplate jdbc;
    private final PublicIds publicIds;
    private final Counter accountsStored;

    RaidStore(JdbcTemplate jdbc, PublicIds publicIds, Counter accountsStored) {
        this.jdbc = jdbc;
        this.publicIds = publicIds;
        this.accountsStored = accountsStored;
    }

    /** @return one response per command, in order */
    List<RaidResponse> apply(List<RaidCommand> commands) {
        Map<String, StoredRaid> raids = find(commands.stream().map(RaidCommand::raidId).collect(Collectors.toSet()));
        Map<String, NewRaid> toCreate = new LinkedHashMap<>();
        Map<String, Instant> conclusions = new LinkedHashMap<>();
        List<RaidCommand.InsertUsers> inserts = new ArrayList<>();
        String[] refusals = new String[commands.size()];

        for (int i = 0; i < commands.size(); i++) {
            RaidCommand command = commands.get(i);
            String raidId = command.raidId();
            Long guildId = raids.containsKey(raidId) ? Long.valueOf(raids.get(raidId).guildId())
                    : toCreate.containsKey(raidId) ? Long.valueOf(toCreate.get(raidId).guildId()) : null;
            if (guildId != null && guildId != command.guildId()) {
                refusals[i] = "raid '" + raidId + "' belongs to guild " + guildId + ", not " + command.guildId();
                continue;
            }
            switch (command) {
                case RaidCommand.CreateRaid create ->
                    toCreate.putIfAbsent(raidId, new NewRaid(raidId, create.guildId(), create.requestedAt()));
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
                        refusals[i] = "unknown raid '" + raidId + "': create it, or insert its users, first";
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

        List<RaidResponse> responses = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            StoredRaid raid = raids.get(commands.get(i).raidId());
            String publicId = raid == null ? null : raid.publicId();
            responses.add(refusals[i] == null ? RaidResponse.accepted(publicId)
                    : RaidResponse.refused(publicId, refusals[i]));
        }
        return responses;
    }

    private Map<String, StoredRaid> find(Set<String> internalIds) {
        Map<String, StoredRaid> found = new HashMap<>();
        if (internalIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT internal_id, id, public_id, guild_id FROM raid WHERE internal_id = ANY (?)",
                ps -> ps.setArray(1, array(ps.getConnection(), "text", internalIds.toArray())),
                rs -> {
                    found.put(rs.getString(1), new StoredRaid(rs.getLong(2), rs.getString(3), rs.getLong(4)));
                });
        return found;
    }

    /**
     * Inserts new raids with fresh public ids. ON CONFLICT covers both a raid created meanwhile by
     * another consumer (found by the re-read) and a public id collision (drawn again).
     */
    private Map<String, StoredRaid> create(Collection<NewRaid> raids) {
        Map<String, StoredRaid> created = new HashMap<>();
        List<NewRaid> pending = new ArrayList<>(raids);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_PUBLIC_ID_ATTEMPTS) {
                throw new IllegalStateException("no unique public id after " + MAX_PUBLIC_ID_ATTEMPTS + " attempts");
            }
            List<NewRaid> batch = pending;
            jdbc.update("""
                    INSERT INTO raid (internal_id, public_id, guild_id, started_at)
                    SELECT n.internal_id, n.public_id, n.guild_id, milk_millis(n.started_at)
                    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])
                         AS n (internal_id, public_id, guild_id, started_at)
                    ON CONFLICT DO NOTHING""", ps -> {
                Connection connection = ps.getConnection();
                ps.setArray(1, array(connection, "text", batch.stream().map(NewRaid::internalId).toArray()));
                ps.setArray(2, array(connection, "text", batch.stream().map(r -> publicIds.next()).toArray()));
                ps.setArray(3, array(connection, "bigint", batch.stream().map(NewRaid::guildId).toArray()));
                ps.setArray(4, array(connection, "bigint",
                        batch.stream().map(r -> r.startedAt().toEpochMilli()).toArray()));
            });
            Map<String, StoredRaid> found = find(batch.stream().map(NewRaid::internalId).collect(Collectors.toSet()));
            created.putAll(found);
            pending = batch.stream().filter(r -> !found.containsKey(r.internalId())).toList();
        }
        return created;
    }

    private void copyAccounts(List<RaidCommand.InsertUsers> inserts, Map<String, StoredRaid> raids) {
        if (inserts.stream().allMatch(i -> i.users().isEmpty())) {
            return;
        }
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS incoming_raid_user (
                    raid_id bigint, user_id bigint, name text, avatar_hash text,
                    created_at timestamptz, joined_at timestamptz
                ) ON COMMIT DELETE ROWS""");
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY incoming_raid_user FROM STDIN (FORMAT csv)");
            try {
                StringBuilder csv = new StringBuilder(COPY_CHUNK_CHARS + 4096);
                for (RaidCommand.InsertUsers insert : inserts) {
                    long raidKey = Objects.requireNonNull(raids.get(insert.raidId())).id();
                    for (RaidAccount account : insert.users()) {
                        appendCsv(csv, raidKey, account);
                        if (csv.length() >= COPY_CHUNK_CHARS) {
                            write(copy, csv);
                        }
                    }
                }
                write(copy, csv);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return null;
        });
        Long stored = jdbc.queryForObject("""
                WITH inserted AS (
                    INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                    SELECT raid_id, user_id, name, avatar_hash, created_at, joined_at FROM incoming_raid_user
                    ON CONFLICT DO NOTHING
                    RETURNING raid_id
                ), counts AS (
                    SELECT raid_id, count(*) AS n FROM inserted GROUP BY raid_id
                ), counted AS (
                    UPDATE raid SET user_count = raid.user_count + counts.n FROM counts WHERE raid.id = counts.raid_id
                )
                SELECT coalesce(sum(n), 0) FROM counts""", Long.class);
        accountsStored.increment(stored == null ? 0 : stored);
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

    private static void appendCsv(StringBuilder csv, long raidKey, RaidAccount account) {
        csv.append(raidKey).append(',').append(account.id()).append(',');
        quoted(csv, account.name());
        csv.append(',');
        if (account.avatarHash() != null) {
            quoted(csv, account.avatarHash());
        }
        csv.append(',').append(account.createdAt()).append(',').append(account.joinedAt()).append('\n');
    }

    /** CSV quoting: inside quotes only '"' is special (doubled); commas and newlines are literal. */
    private static void quoted(StringBuilder csv, String value) {
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        csv.append('"');
    }

    private static void write(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private record StoredRaid(long id, String publicId, long guildId) {
    }

    private record NewRaid(String internalId, long guildId, Instant startedAt) {
    }
}
