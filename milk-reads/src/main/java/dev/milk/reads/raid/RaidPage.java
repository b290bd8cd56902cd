package dev.milk.reads.raid;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON API's page, in the original Milk's shape: ids as strings, ISO-8601 UTC times. What Milk
 * added is there only when it has a value (a raid's names, a filter), so a client of the original
 * reads the same shape.
 *
 * @param filter the filter's parameters, canonical, when the request had one
 */
record RaidPage(Raid raid, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> filter, Users users) {

    record Raid(String startedAt, String concludedAt, String guild,
            @JsonInclude(JsonInclude.Include.NON_NULL) String guildName,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason, long size) {
    }

    /**
     * @param next    the cursor of the following page, null on the last one
     * @param nextUrl the following page with the filter, when filtered and one follows
     */
    record Users(String next, @JsonInclude(JsonInclude.Include.NON_NULL) String nextUrl, int size, List<User> data) {
    }

    record User(String id, String name, String avatarHash, String createdAt, String joinedAt) {
    }

    static RaidPage of(RaidSummary raid, List<RaidMember> members, String next, RaidFilter filter) {
        boolean filtered = !filter.isEmpty();
        return new RaidPage(
                new Raid(RaidText.time(raid.startedAt()), RaidText.time(raid.concludedAt()),
                        Long.toString(raid.guildId()), raid.guildName(), raid.reason(), raid.size()),
                filtered ? filter.parameters() : null,
                new Users(next, filtered && next != null ? "/raid/" + raid.publicId() + ".json?cursor=" + next + "&"
                        + filter.query() : null, members.size(), members.stream()
                        .map(m -> new User(Long.toString(m.id()), m.name(), m.avatarHash(),
                                RaidText.time(m.createdAt()), RaidText.time(m.joinedAt())))
                        .toList()));
    }
}
