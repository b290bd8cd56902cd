package dev.milk.raid;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The record keys of the {@code raid-management} topic, as the original Milk defined them. */
public enum RaidAction {
    CREATE_RAID("create-raid"),
    BATCH_INSERT_RAID_USERS("batch-insert-raid-users"),
    CONCLUDE_RAID("conclude-raid");

    public static final String KNOWN_KEYS = Arrays.stream(values()).map(RaidAction::key)
            .collect(Collectors.joining(", "));

    private final String key;

    RaidAction(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<RaidAction> fromKey(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }
}
