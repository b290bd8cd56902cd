package dev.milk.raid;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A raid request as it travels: ids as decimal strings, times as epoch milliseconds.
 *
 * <p>{@code guildName} and {@code reason} came after the original protocol (issue 26) and only
 * {@code create-raid} reads them. They are left out of the JSON when absent, so a request without
 * them is the same bytes it was before them, whichever generation of Beemo's broker library reads it.
 *
 * @param guildName the guild's name when the raid was detected, or null
 * @param reason    what the bot detected, free text, or null
 */
public record RaidRequest(String raidId, String guildId, List<RaidUser> users, Long concludedAtMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String guildName,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    /** A request of the original protocol, without a guild name or reason. */
    public RaidRequest(String raidId, String guildId, List<RaidUser> users, Long concludedAtMillis) {
        this(raidId, guildId, users, concludedAtMillis, null, null);
    }

    public static RaidRequest create(String raidId, String guildId) {
        return new RaidRequest(raidId, guildId, null, null);
    }

    /**
     * @param guildName the guild's name, or null
     * @param reason    what the bot detected, or null
     */
    public static RaidRequest create(String raidId, String guildId, String guildName, String reason) {
        return new RaidRequest(raidId, guildId, null, null, guildName, reason);
    }

    public static RaidRequest insertUsers(String raidId, String guildId, List<RaidUser> users) {
        return new RaidRequest(raidId, guildId, users, null);
    }

    public static RaidRequest conclude(String raidId, String guildId, Long concludedAtMillis) {
        return new RaidRequest(raidId, guildId, null, concludedAtMillis);
    }
}
