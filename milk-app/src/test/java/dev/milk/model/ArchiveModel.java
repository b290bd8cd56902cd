package dev.milk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;

/**
 * The archive contract as plainly as it can be written: one record at a time, in memory. The
 * writer must end where this ends, whichever records share a poll and however often a record
 * arrives again.
 *
 * <ul>
 * <li>An archive belongs to the guild its first creation names; the first creation's details win.
 * <li>A message is the set of its versions (named by their time: the edit's, or the creation's);
 *     it shows the latest, and keeps the others, oldest first.
 * <li>A sealed archive takes no new version: a record bringing one is refused whole.
 * <li>A taken down or expired archive is gone: it takes nothing, and every route answers 410.
 * <li>A removal (once per moderator, messages and reason) empties the messages it names, stored
 *     or not yet; a removed message takes no version, and keeps the author and time of the latest
 *     version that arrived, before or after the removal.
 * <li>The first naming of a user wins; a record's own mentions come before its authors.
 * </ul>
 */
final class ArchiveModel {

    private final Map<String, Archive> archives = new LinkedHashMap<>();
    private final Instant now;

    ArchiveModel(Instant now) {
        this.now = now;
    }

    private static final class Archive {
        ArchiveEvent.Created created;
        Instant sealedAt;
        boolean deleted;
        final TreeMap<Long, Message> messages = new TreeMap<>();
        final List<ArchiveEvent.Redacted> removals = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();

        boolean expired(Instant now) {
            return created != null && created.expiresAtMillis() != null
                    && !Instant.ofEpochMilli(created.expiresAtMillis()).isAfter(now);
        }
    }

    private static final class Message {
        /** By the time each version was written. */
        final TreeMap<Long, ArchiveMessage> versions = new TreeMap<>();
        String removedFor;
        boolean removed;
        /** Of a removed message: the latest version that arrived, whose author its place keeps. */
        ArchiveMessage latest;
    }

    /** @return whether the writer refuses the record, which then goes to the dead-letter topic */
    boolean apply(ArchiveEvent event) {
        Archive archive = archives.computeIfAbsent(event.archiveId(), id -> new Archive());
        switch (event) {
            case ArchiveEvent.Created c -> {
                if (archive.created == null) {
                    archive.created = c;
                }
                return !archive.created.guildId().equals(c.guildId());
            }
            case ArchiveEvent.Messages m -> {
                return add(archive, m);
            }
            case ArchiveEvent.Sealed s -> {
                if (archive.sealedAt == null) {
                    archive.sealedAt = Instant.ofEpochMilli(s.sealedAtMillis());
                }
            }
            case ArchiveEvent.Deleted d -> {
                archive.deleted = true;
                archive.messages.clear();
                archive.removals.clear();
                archive.names.clear();
            }
            case ArchiveEvent.Redacted r -> redact(archive, r);
            default -> throw new IllegalArgumentException("not generated: " + event);
        }
        return false;
    }

    private boolean add(Archive archive, ArchiveEvent.Messages record) {
        if (archive.deleted || archive.expired(now)) {
            return false;
        }
        if (archive.sealedAt != null) {
            // Refused whole when it brings anything new; nothing to do when it does not.
            return record.messages().stream().anyMatch(m -> {
                Message message = archive.messages.get(Long.parseLong(m.id()));
                return message == null || !message.removed && !message.versions.containsKey(versionAt(m));
            });
        }
        if (record.mentions() != null) {
            record.mentions().users().forEach(u -> archive.names.putIfAbsent(u.id(), u.name()));
        }
        for (ArchiveMessage m : record.messages()) {
            archive.names.putIfAbsent(m.authorId(), m.authorName());
            Message message = archive.messages.computeIfAbsent(Long.parseLong(m.id()), id -> new Message());
            if (!message.removed) {
                message.versions.putIfAbsent(versionAt(m), m);
            } else if (message.latest == null || versionAt(m) > versionAt(message.latest)) {
                message.latest = m;
            }
        }
        return false;
    }

    private void redact(Archive archive, ArchiveEvent.Redacted removal) {
        if (archive.deleted || archive.expired(now)) {
            return;
        }
        boolean repeated = archive.removals.stream().anyMatch(r -> r.by().equals(removal.by())
                && r.messageIds().equals(removal.messageIds()) && Objects.equals(r.reason(), removal.reason()));
        if (repeated) {
            return;
        }
        archive.removals.add(removal);
        for (String id : removal.messageIds()) {
            Message message = archive.messages.computeIfAbsent(Long.parseLong(id), n -> new Message());
            if (!message.removed) {
                message.removed = true;
                message.removedFor = removal.reason();
                message.latest = message.versions.isEmpty() ? null : message.versions.lastEntry().getValue();
                message.versions.clear();
            }
        }
    }

    /** What the archive's JSON route must answer. */
    ArchiveView view(String archiveId) {
        Archive archive = archives.get(archiveId);
        if (archive.deleted || archive.expired(now)) {
            return ArchiveView.GONE;
        }
        List<ArchiveView.Message> messages = new ArrayList<>();
        archive.messages.forEach((id, m) -> {
            if (m.removed) {
                messages.add(new ArchiveView.Message(Long.toString(id), m.latest == null ? "" : m.latest.authorName(),
                        "", null, m.removedFor, List.of()));
                return;
            }
            ArchiveMessage latest = m.versions.lastEntry().getValue();
            List<String> earlier = m.versions.headMap(m.versions.lastKey()).entrySet().stream()
                    .map(e -> Instant.ofEpochMilli(e.getKey()) + " " + e.getValue().content()).toList();
            messages.add(new ArchiveView.Message(Long.toString(id), latest.authorName(), latest.content(),
                    latest.editedAtMillis() == null ? null : Instant.ofEpochMilli(latest.editedAtMillis()).toString(),
                    null, earlier));
        });
        List<ArchiveView.Removal> removals = archive.removals.stream().map(r -> new ArchiveView.Removal(r.by(),
                archive.names.get(r.by()), r.reason(), r.messageIds())).toList();
        return new ArchiveView(200, archive.created == null ? null : archive.created.reason(),
                archive.sealedAt == null ? null : archive.sealedAt.toString(), archive.messages.size(), removals,
                messages);
    }

    private static long versionAt(ArchiveMessage m) {
        return m.editedAtMillis() == null ? m.createdAtMillis() : m.editedAtMillis();
    }
}
