package dev.milk.writes.raid;

import java.time.Instant;
import java.util.List;

import dev.milk.raid.RaidAction;

/** A validated raid request: every id parsed, every time checked. */
public sealed interface RaidCommand {

    RaidAction action();

    String raidId();

    long guildId();

    /**
     * Creates the raid once; {@code requestedAt} becomes its start. Its guild name and reason, each
     * optional, are set once: the first request that brings one names the raid, also one created
     * by an earlier batch of accounts.
     */
    record CreateRaid(String raidId, long guildId, String guildName, String reason, Instant requestedAt)
            implements RaidCommand {
        @Override
        public RaidAction action() {
            return RaidAction.CREATE_RAID;
        }
    }

    /** Adds accounts, creating the raid if needed; {@code concludedAt} is optional. */
    record InsertUsers(String raidId, long guildId, List<RaidAccount> users, Instant concludedAt,
            Instant requestedAt) implements RaidCommand {
        @Override
        public RaidAction action() {
            return RaidAction.BATCH_INSERT_RAID_USERS;
        }
    }

    /** Sets the raid's end, unless it already has one. */
    record ConcludeRaid(String raidId, long guildId, Instant concludedAt) implements RaidCommand {
        @Override
        public RaidAction action() {
            return RaidAction.CONCLUDE_RAID;
        }
    }
}
