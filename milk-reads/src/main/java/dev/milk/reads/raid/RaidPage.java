package dev.milk.reads.raid;

import java.util.List;

/** The JSON API's page, in the original Milk's shape: ids as strings, ISO-8601 UTC times. */
record RaidPage(Raid raid, Users users) {

    record Raid(String startedAt, String concludedAt, String guild, long size) {
    }

    /** @param next the cursor of the following page, null on the last one */
    record Users(String next, int size, List<User> data) {
    }

    record User(String id, String name, String avatarHash, String createdAt, String joinedAt) {
    }

    static RaidPage of(RaidSummary raid, List<RaidMember> members, String next) {
        return new RaidPage(
                new Raid(RaidText.time(raid.startedAt()), RaidText.time(raid.concludedAt()),
                        Long.toString(raid.guildId()), raid.size()),
                new Users(next, members.size(), members.stream()
                        .map(m -> new User(Long.toString(m.id()), m.name(), m.avatarHash(),
                                RaidText.time(m.createdAt()), RaidText.time(m.joinedAt())))
                        .toList()));
    }
}
