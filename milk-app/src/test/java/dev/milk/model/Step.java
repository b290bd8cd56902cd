package dev.milk.model;

import dev.milk.archive.ArchiveEvent;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidRequest;

/**
 * One record a bot publishes, with its archives and raids named by short logical ids ({@code a0},
 * {@code r1}): {@link #in} gives each run of a scenario ids of its own, so runs never meet.
 */
sealed interface Step {

    /** @return the step with every archive and raid id prefixed by {@code namespace} */
    Step in(String namespace);

    record Archive(ArchiveEvent event) implements Step {

        /** The record's key: the archive id, or the guild id of a guild's event. */
        String key() {
            return event instanceof ArchiveEvent.GuildAccess access ? access.guildId() : event.archiveId();
        }

        @Override
        public Archive in(String namespace) {
            String id = namespace + event.archiveId();
            return new Archive(switch (event) {
                case ArchiveEvent.Created c -> new ArchiveEvent.Created(id, c.guildId(), c.channelId(), c.channelName(),
                        c.reason(), c.createdBy(), c.createdAtMillis(), c.expiresAtMillis(), c.visibility());
                case ArchiveEvent.Messages m -> new ArchiveEvent.Messages(id, m.messages(), m.mentions());
                case ArchiveEvent.Sealed s -> new ArchiveEvent.Sealed(id, s.sealedAtMillis());
                case ArchiveEvent.Deleted d -> new ArchiveEvent.Deleted(id, d.reason());
                case ArchiveEvent.Redacted r -> new ArchiveEvent.Redacted(id, r.messageIds(), r.reason(), r.by(),
                        r.redactedAtMillis());
                default -> throw new IllegalStateException("never generated: " + event);
            });
        }

        @Override
        public String toString() {
            return switch (event) {
                case ArchiveEvent.Messages m -> "Messages(" + m.archiveId() + ", " + m.messages().stream()
                        .map(x -> x.content() + (x.editedAtMillis() == null ? "" : "@" + x.editedAtMillis()))
                        .toList() + (m.mentions() == null ? "" : ", named") + ")";
                default -> event.toString();
            };
        }
    }

    record Raid(RaidAction action, RaidRequest request) implements Step {

        @Override
        public Raid in(String namespace) {
            return new Raid(action, new RaidRequest(namespace + request.raidId(), request.guildId(), request.users(),
                    request.concludedAtMillis(), request.guildName(), request.reason()));
        }
    }
}
