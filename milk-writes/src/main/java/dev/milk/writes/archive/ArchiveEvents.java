package dev.milk.writes.archive;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.milk.archive.ArchiveCommand;
import dev.milk.archive.ArchiveCommands;
import dev.milk.archive.ArchiveEvent;
import dev.milk.event.EventJson;
import dev.milk.event.InvalidEventException;
import dev.milk.writes.intake.EventHandler;
import dev.milk.writes.intake.Received;
import dev.milk.writes.intake.Replies;

/**
 * The archive protocol: {@code archive.created} is answered with the public id; the other events
 * are not (a bot sends many message batches and waits for none), and refusals go to the DLT.
 */
final class ArchiveEvents implements EventHandler<ArchiveCommand> {

    private final ArchiveStore store;
    private final Clock clock;

    ArchiveEvents(ArchiveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
    public List<ProducerRecord<String, byte[]>> store(List<Received<ArchiveCommand>> events) {
        Map<String, String> publicIds = store.apply(events.stream().map(Received::event).toList(), clock.instant());
        List<ProducerRecord<String, byte[]>> replies = new ArrayList<>();
        for (Received<ArchiveCommand> received : events) {
            if (received.event() instanceof ArchiveCommand.Create create) {
                var accepted = new ArchiveEvent.Accepted(create.archiveId(), publicIds.get(create.archiveId()));
                replies.add(Replies.to(received.record(), EventJson.write(accepted)));
            }
        }
        return replies;
    }

    @Override
    public Optional<ProducerRecord<String, byte[]>> refusal(ConsumerRecord<String, byte[]> record,
            InvalidEventException reason) {
        return Optional.empty();
    }
}
