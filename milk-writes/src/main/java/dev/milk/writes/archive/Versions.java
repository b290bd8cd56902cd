package dev.milk.writes.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The versions of each message within one batch: a bot may send a message and its edit in the
 * same record, or in two records that arrive together. The latest is stored as the message, the
 * earlier ones as its versions; a repeated version counts once.
 */
final class Versions {

    record Earlier(long archive, StoredMessage message) {
    }

    private record Key(long archive, long message) {
    }

    private final Map<Key, StoredMessage> latest;
    private final List<Earlier> earlier;
    private final boolean anyEdited;

    private Versions(Map<Key, StoredMessage> latest, List<Earlier> earlier, boolean anyEdited) {
        this.latest = latest;
        this.earlier = earlier;
        this.anyEdited = anyEdited;
    }

    static Versions of(List<ArchiveCommand.AddMessages> adds, ToLongFunction<String> archiveKey) {
        Map<Key, StoredMessage> latest = new HashMap<>();
        List<Earlier> earlier = new ArrayList<>();
        boolean anyEdited = false;
        for (ArchiveCommand.AddMessages add : adds) {
            long archive = archiveKey.applyAsLong(add.archiveId());
            for (StoredMessage m : add.messages()) {
                anyEdited |= m.editedAt() != null;
                StoredMessage before = latest.putIfAbsent(new Key(archive, m.id()), m);
                if (before == null) {
                    continue;
                }
                int order = m.versionAt().compareTo(before.versionAt());
                if (order > 0) {
                    latest.put(new Key(archive, m.id()), m);
                    earlier.add(new Earlier(archive, before));
                } else if (order < 0) {
                    earlier.add(new Earlier(archive, m));
                }
            }
        }
        return new Versions(latest, earlier, anyEdited);
    }

    /** Whether {@code message} is the version of its message to store (the only one, mostly). */
    boolean isLatest(long archive, StoredMessage message) {
        return latest.get(new Key(archive, message.id())) == message;
    }

    List<Earlier> earlier() {
        return earlier;
    }

    /** Whether any message of the batch is an edit: only then may a stored message change. */
    boolean anyEdited() {
        return anyEdited;
    }
}
