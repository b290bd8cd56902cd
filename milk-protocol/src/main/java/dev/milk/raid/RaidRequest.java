package dev.milk.raid;

import java.util.List;

/** A request as it travels; {@link RaidCommands} validates it into a {@link RaidCommand}. */
public record RaidRequest(String raidId, String guildId, List<RaidUser> users, Long concludedAtMillis) {

    public static RaidRequest create(String raidId, String guildId) {
        return new RaidRequest(raidId, guildId, null, null);
    }

    public static RaidRequest insertUsers(String raidId, String guildId, List<RaidUser> users) {
        return new RaidRequest(raidId, guildId, users, null);
    }

    public static RaidRequest conclude(String raidId, String guildId, Long concludedAtMillis) {
        return new RaidRequest(raidId, guildId, null, concludedAtMillis);
    }
}
