package dev.milk.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidUser;

/**
 * The raid contract, one record at a time, in memory.
 *
 * <ul>
 * <li>A raid belongs to the guild that first names it; a request from another guild is refused.
 * <li>It starts at the time of the record that created it, or earlier when an account joined earlier.
 * <li>Its accounts are a set: the first delivery of an account wins.
 * <li>The first conclusion wins (a record's own time when it names none); a concluded raid takes
 *     no new account: a batch bringing one is refused whole.
 * <li>Concluding a raid never stored is refused.
 * <li>A creation names the raid: each of its guild name and reason, when it brings one, is kept
 *     unless the raid has one already (also a raid a batch created, also a concluded one).
 * </ul>
 */
final class RaidModel {

    private final Map<String, Raid> raids = new HashMap<>();

    private static final class Raid {
        final String guild;
        long startedAt;
        Long concludedAt;
        String guildName;
        String reason;
        final Map<String, RaidUser> accounts = new LinkedHashMap<>();

        Raid(String guild, long startedAt) {
            this.guild = guild;
            this.startedAt = startedAt;
        }
    }

    /**
     * @param recordTime the record's timestamp, which the contract gives these meanings
     * @return whether the writer refuses the record, which then goes to the dead-letter topic
     */
    boolean apply(RaidAction action, RaidRequest request, long recordTime) {
        Raid raid = raids.get(request.raidId());
        if (raid != null && !raid.guild.equals(request.guildId())) {
            return true;
        }
        switch (action) {
            case CREATE_RAID -> {
                Raid named = raids.computeIfAbsent(request.raidId(), id -> new Raid(request.guildId(), recordTime));
                named.guildName = named.guildName != null ? named.guildName : request.guildName();
                named.reason = named.reason != null ? named.reason : request.reason();
            }
            case BATCH_INSERT_RAID_USERS -> {
                if (raid != null && raid.concludedAt != null) {
                    return request.users().stream().anyMatch(u -> !raid.accounts.containsKey(u.id()));
                }
                Raid into = raid != null ? raid : new Raid(request.guildId(), recordTime);
                raids.putIfAbsent(request.raidId(), into);
                for (RaidUser user : request.users()) {
                    into.accounts.putIfAbsent(user.id(), user);
                    into.startedAt = Math.min(into.startedAt, user.joinedAtMillis());
                }
                if (request.concludedAtMillis() != null) {
                    into.concludedAt = request.concludedAtMillis();
                }
            }
            case CONCLUDE_RAID -> {
                if (raid == null) {
                    return true;
                }
                if (raid.concludedAt == null) {
                    raid.concludedAt = request.concludedAtMillis() == null ? recordTime : request.concludedAtMillis();
                }
            }
        }
        return false;
    }

    /** The raid's guild name and reason, each null when no creation brought one; empty for a raid never stored. */
    List<String> names(String raidId) {
        Raid raid = raids.get(raidId);
        return raid == null ? List.of() : Arrays.asList(raid.guildName, raid.reason);
    }

    /** What the raid's JSON route must answer. */
    RaidView view(String raidId) {
        Raid raid = raids.get(raidId);
        if (raid == null) {
            return RaidView.UNKNOWN;
        }
        return new RaidView(200, raid.startedAt, raid.concludedAt, raid.guild, raid.accounts.size(),
                raid.accounts.values().stream()
                        .sorted(Comparator.comparingLong(RaidUser::joinedAtMillis).thenComparing(RaidUser::id))
                        .map(u -> new RaidView.Account(u.id(), u.name(), u.joinedAtMillis())).toList());
    }
}
