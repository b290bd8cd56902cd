package dev.milk.writes.archive;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.milk.archive.ArchiveEvent;
import dev.milk.wire.EventJson;
import dev.milk.writes.access.ShareLinks;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.wire.ReplyStatus;
import dev.milk.writes.intake.Answer;
import dev.milk.writes.intake.EventHandler;
import dev.milk.writes.intake.Received;

/**
 * The archive protocol: {@code archive.created} is answered with the public id, {@code
 * archive.share} with the link, or either with the reason when it is refused; the other events are not (a bot sends many message batches and waits
 * for none), and their refusals go to the DLT only.
 */
final class ArchiveEvents implements EventHandler<ArchiveCommand> {

    /** The requests a caller waits on an answer to, refused or not. */
    private static final Set<String> ANSWERED = Set.of(ArchiveCommand.Create.TYPE, ArchiveCommand.Share.TYPE);

    private final ArchiveStore store;
    private final Clock clock;

    ArchiveEvents(ArchiveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String subject() {
        return "archive";
    }

    @Override
    public String action(ArchiveCommand event) {
        return event.type();
    }

    @Override
    public String subjectId(ArchiveCommand event) {
        return event instanceof ArchiveCommand.ChangeGuildAccess access ? "guild:" + access.guildId() : event.archiveId();
    }

    @Override
    public Optional<ArchiveCommand> read(ConsumerRecord<String, byte[]> record) {
        return ArchiveCommands.parse(record.key(), record.value(), clock.instant());
    }

    @Override
    public Optional<InvalidEventException> partlyRefused(ArchiveCommand command) {
        return command instanceof ArchiveCommand.AddMessages add ? Optional.ofNullable(add.refused()) : Optional.empty();
    }

    @Override
    public List<Answer> store(List<Received<ArchiveCommand>> events) {
        ArchiveStore.Applied applied = store.apply(events.stream().map(Received::event).toList(), clock.instant());
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Received<ArchiveCommand> received = events.get(i);
            ArchiveStore.Refusal refusal = applied.refusals().get(i);
            if (received.event() instanceof ArchiveCommand.Create create) {
                answers.add(refusal == null
                        ? new Answer(received.record(), EventJson.write(new ArchiveEvent.Accepted(create.archiveId(),
                                applied.publicIds().get(create.archiveId()))), ReplyStatus.ACCEPTED)
                        : new Answer(received.record(), EventJson.write(new ArchiveEvent.Refused(create.archiveId(),
                                refusal.reason().getMessage())), refusal.status(), refusal.reason()));
            } else if (received.event() instanceof ArchiveCommand.Share share) {
                ShareLinks.Issued link = applied.shares().get(i);
                answers.add(refusal == null
                        ? new Answer(received.record(), EventJson.write(new ArchiveEvent.Shared(share.archiveId(),
                                link.shareId(), link.url())), ReplyStatus.ACCEPTED)
                        : new Answer(received.record(), EventJson.write(new ArchiveEvent.Refused(share.archiveId(),
                                refusal.reason().getMessage())), refusal.status(), refusal.reason()));
            } else if (refusal != null) {
                answers.add(Answer.refusedSilently(received.record(), refusal.reason()));
            }
        }
        return answers;
    }

    /**
     * Only a refused {@code archive.created} or {@code archive.share} has a caller waiting; its type
     * is read leniently to tell.
     */
    @Override
    public Optional<byte[]> refusal(ConsumerRecord<String, byte[]> record, InvalidEventException reason) {
        try {
            JsonNode value = EventJson.mapper().readTree(record.value());
            String type = value != null && value.isObject() ? text(value, "type") : null;
            if (type == null || !ANSWERED.contains(type)) {
                return Optional.empty();
            }
            return Optional.of(EventJson.write(new ArchiveEvent.Refused(text(value, "archiveId"), reason.getMessage())));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
