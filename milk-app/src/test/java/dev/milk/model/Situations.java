package dev.milk.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.raid.RaidAction;

/**
 * The situations a careless writer gets wrong, and whether a run of the generator reached each:
 * the property checks that enough runs do, so a generator that drifts stops finding nothing
 * quietly.
 */
final class Situations {

    static final String ORIGINAL_AFTER_EDIT = "an original arrives after its edit";
    static final String OLDER_EDIT = "an edit older than one stored arrives";
    static final String AFTER_SEAL = "a new version arrives after the seal";
    static final String REMOVED_FIRST = "a message is removed before it arrives";
    static final String REPLAYED = "records arrive again after a crash";
    static final String AFTER_CONCLUSION = "accounts arrive after the raid's conclusion";
    static final String NAMED_AFTER_BATCH = "a creation names a raid a batch created";

    private Situations() {
    }

    /** @return each situation, and whether the received records hold it */
    static Map<String, Boolean> of(List<Step> steps, WriterUnderTest.Received received) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String situation : List.of(ORIGINAL_AFTER_EDIT, OLDER_EDIT, AFTER_SEAL, REMOVED_FIRST, REPLAYED,
                AFTER_CONCLUSION, NAMED_AFTER_BATCH)) {
            seen.put(situation, false);
        }
        Map<String, Integer> newestVersion = new HashMap<>();
        Set<String> arrived = new HashSet<>();
        Set<String> sealed = new HashSet<>();
        Set<String> removedFirst = new HashSet<>();
        for (int i : received.archives()) {
            switch (((Step.Archive) steps.get(i)).event()) {
                case ArchiveEvent.Messages m -> {
                    for (ArchiveMessage message : m.messages()) {
                        String key = m.archiveId() + "/" + message.id();
                        int version = Scenarios.version(message);
                        Integer newest = newestVersion.merge(key, version, Math::max);
                        seen.computeIfPresent(ORIGINAL_AFTER_EDIT, (s, b) -> b || version == 0 && newest > 0);
                        seen.computeIfPresent(OLDER_EDIT, (s, b) -> b || version > 0 && newest > version);
                        seen.computeIfPresent(AFTER_SEAL, (s, b) -> b || sealed.contains(m.archiveId()));
                        seen.computeIfPresent(REMOVED_FIRST, (s, b) -> b || removedFirst.contains(key));
                        arrived.add(key);
                    }
                }
                case ArchiveEvent.Sealed s -> sealed.add(s.archiveId());
                case ArchiveEvent.Redacted r -> r.messageIds().stream().map(id -> r.archiveId() + "/" + id)
                        .filter(key -> !arrived.contains(key)).forEach(removedFirst::add);
                default -> {
                }
            }
        }
        Set<String> concluded = new HashSet<>();
        Set<String> batched = new HashSet<>();
        for (int i : received.raids()) {
            Step.Raid raid = (Step.Raid) steps.get(i);
            if (raid.action() == RaidAction.BATCH_INSERT_RAID_USERS) {
                batched.add(raid.request().raidId());
            } else if (raid.action() == RaidAction.CREATE_RAID && raid.request().guildName() != null
                    && batched.contains(raid.request().raidId())) {
                seen.put(NAMED_AFTER_BATCH, true);
            }
            if (raid.action() == RaidAction.BATCH_INSERT_RAID_USERS && concluded.contains(raid.request().raidId())) {
                seen.put(AFTER_CONCLUSION, true);
            }
            if (raid.action() == RaidAction.CONCLUDE_RAID || raid.request().concludedAtMillis() != null) {
                concluded.add(raid.request().raidId());
            }
        }
        seen.put(REPLAYED, received.archives().size() + received.raids().size() > steps.size());
        return seen;
    }
}
