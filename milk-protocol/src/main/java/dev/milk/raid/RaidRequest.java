package dev.milk.raid;

import java.util.List;

/** A raid request as it travels: ids as decimal strings, times as epoch milliseconds. */
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
