package dev.milk.writes.original;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The two schemas the original Milk's Prisma migrations left behind (beemobot/cafe,
 * {@code milk/prisma/schema.prisma}), each read into Milk's shape: every column named as the column
 * of the import's staging table it is copied into ({@code import_raid}, {@code import_raid_user}).
 */
enum OriginalSchema {

    /** The original's last version: a raid's {@code id} and {@code public_id}, accounts keyed by {@code (raid_id, id)}. */
    PRISMA("its last schema, \"Raid\".id and public_id",
            Set.of("Raid.id", "Raid.public_id", "RaidUser.raid_id", "RaidUser.id"),
            "SELECT id AS internal_id, public_id, guild_id, created_at, concluded_at FROM \"Raid\"",
            "SELECT raid_id AS raid, id AS user_id, name, avatar_hash, created_at, joined_at FROM \"RaidUser\""),

    /** The older one: {@code internal_id} (a UUID) and {@code external_id}; raids had no creation time. */
    EXTERNAL_ID("its older schema, \"Raid\".internal_id and external_id",
            Set.of("Raid.internal_id", "Raid.external_id", "RaidUser.internal_raid_id", "RaidUser.user_id"),
            "SELECT internal_id::text AS internal_id, external_id AS public_id, guild_id, NULL::timestamptz AS created_at, "
                    + "concluded_at FROM \"Raid\"",
            "SELECT internal_raid_id::text AS raid, user_id, name, avatar_hash, created_at, joined_at FROM \"RaidUser\"");

    private final String description;
    private final Set<String> columns;
    private final String raids;
    private final String accounts;

    OriginalSchema(String description, Set<String> columns, String raids, String accounts) {
        this.description = description;
        this.columns = columns;
        this.raids = raids;
        this.accounts = accounts;
    }

    String description() {
        return description;
    }

    String raids() {
        return raids;
    }

    String accounts() {
        return accounts;
    }

    /** Judged by the columns of {@code "Raid"} and {@code "RaidUser"} in the connection's schema. */
    static Optional<OriginalSchema> detect(Connection source) throws SQLException {
        Set<String> found = new HashSet<>();
        try (var statement = source.prepareStatement("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name IN ('Raid', 'RaidUser')""");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        for (OriginalSchema schema : values()) {
            if (found.containsAll(schema.columns)) {
                return Optional.of(schema);
            }
        }
        return Optional.empty();
    }
}
