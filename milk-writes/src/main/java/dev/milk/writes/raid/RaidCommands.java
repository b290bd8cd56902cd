package dev.milk.writes.raid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.milk.writes.event.EventReader;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidUser;

/** Turns a {@code raid-management} record into a {@link RaidCommand}, or says exactly what is wrong. */
public final class RaidCommands {

    public static final int MAX_USERS_PER_RECORD = 10_000;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_RAID_ID_LENGTH = 64;
    /** Discord's own limit on a guild's name. */
    public static final int MAX_GUILD_NAME_LENGTH = 100;
    /** What the bot detected: a sentence or a short list, not a report. */
    public static final int MAX_REASON_LENGTH = 1_000;
    private static final int MAX_AVATAR_HASH_LENGTH = 64;

    private RaidCommands() {
    }

    /**
     * @param recordTime the record's Kafka timestamp: the start of a raid created by it, and the
     *                   default end of a conclusion. Using it rather than the clock keeps a
     *                   redelivered record's effect identical to the first delivery.
     * @return empty when the value is an envelope holding a response: a reply, not for Milk to act on
     */
    public static Optional<RaidRequestRecord> parse(String key, byte[] value, Instant recordTime, Instant now) {
        RaidValue parsed = EventReader.read(value, RaidValue.class);
        if (parsed.isReply()) {
            return Optional.empty();
        }
        RaidValueShape shape = parsed.shape();
        RaidRequest request = shape == RaidValueShape.BARE ? parsed.bareRequest() : parsed.request();
        if (request == null) {
            throw InvalidEventException.field("request", "is required");
        }
        if (key == null) {
            throw new InvalidEventException(InvalidEventException.Kind.UNKNOWN_TYPE,
                    "record has no key; expected one of " + RaidAction.KNOWN_KEYS);
        }
        RaidAction action = RaidAction.fromKey(key).orElseThrow(() -> new InvalidEventException(
                InvalidEventException.Kind.UNKNOWN_TYPE,
                "unknown record key '" + abbreviate(key) + "'; expected one of " + RaidAction.KNOWN_KEYS));
        return Optional.of(new RaidRequestRecord(validate(action, request, shape, recordTime, now), shape));
    }

    static RaidCommand validate(RaidAction action, RaidRequest request, RaidValueShape shape, Instant recordTime,
            Instant now) {
        String raidId = Fields.text(shape.path("raidId"), request.raidId(), MAX_RAID_ID_LENGTH);
        if (raidId.chars().anyMatch(Character::isISOControl)) {
            throw InvalidEventException.field(shape.path("raidId"), "must not contain control characters");
        }
        long guildId = Fields.snowflake(shape.path("guildId"), request.guildId());
        Instant concludedAt = Fields.optionalTime(shape.path("concludedAtMillis"), request.concludedAtMillis(), now);
        return switch (action) {
            case CREATE_RAID -> new RaidCommand.CreateRaid(raidId, guildId, guildName(request, shape),
                    optionalLabel(shape.path("reason"), request.reason(), MAX_REASON_LENGTH), recordTime);
            case BATCH_INSERT_RAID_USERS -> new RaidCommand.InsertUsers(raidId, guildId,
                    accounts(request.users(), shape, now), concludedAt, recordTime);
            case CONCLUDE_RAID -> new RaidCommand.ConcludeRaid(raidId, guildId,
                    concludedAt != null ? concludedAt : recordTime);
        };
    }

    /** A name shown in a page's title and heading: one line, as Discord allows it. */
    private static String guildName(RaidRequest request, RaidValueShape shape) {
        String guildName = optionalLabel(shape.path("guildName"), request.guildName(), MAX_GUILD_NAME_LENGTH);
        if (guildName != null && guildName.chars().anyMatch(Character::isISOControl)) {
            throw InvalidEventException.field(shape.path("guildName"), "must not contain control characters");
        }
        return guildName;
    }

    /** Optional text that is absent rather than empty: an empty one would show as a name of nothing. */
    private static String optionalLabel(String path, String value, int maxLength) {
        if (value != null && value.isEmpty()) {
            throw InvalidEventException.field(path, "must not be empty (leave it out instead)");
        }
        return Fields.optionalText(path, value, maxLength);
    }

    private static List<RaidAccount> accounts(List<RaidUser> users, RaidValueShape shape, Instant now) {
        if (users == null) {
            throw InvalidEventException.field(shape.path("users"), "is required");
        }
        if (users.size() > MAX_USERS_PER_RECORD) {
            throw InvalidEventException.field(shape.path("users"),
                    "has " + users.size() + " entries; at most " + MAX_USERS_PER_RECORD + " per record");
        }
        List<RaidAccount> accounts = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            RaidUser user = users.get(i);
            if (user == null) {
                throw InvalidEventException.field(shape.path("users[" + i + "]"), "must be an object");
            }
            try {
                accounts.add(account(user, now));
            } catch (InvalidEventException e) {
                throw e.within(shape.path("users[" + i + "]"));
            }
        }
        return accounts;
    }

    /** One account, its fields named relative to it: a valid account builds no path (a record holds thousands). */
    private static RaidAccount account(RaidUser user, Instant now) {
        return new RaidAccount(
                Fields.snowflake("id", user.id()),
                Fields.text("name", user.name(), MAX_NAME_LENGTH),
                Fields.token("avatarHash", user.avatarHash(), MAX_AVATAR_HASH_LENGTH, false),
                Fields.time("createdAtMillis", user.createdAtMillis(), now),
                Fields.time("joinedAtMillis", user.joinedAtMillis(), now));
    }

    private static String abbreviate(String key) {
        String printable = key.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
