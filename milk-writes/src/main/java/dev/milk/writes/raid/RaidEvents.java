package dev.milk.writes.raid;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.milk.event.EventJson;
import dev.milk.event.InvalidEventException;
import dev.milk.raid.RaidCommand;
import dev.milk.raid.RaidCommands;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidResponse;
import dev.milk.writes.intake.EventHandler;
import dev.milk.writes.intake.Received;
import dev.milk.writes.intake.Replies;

/**
 * The raid protocol: every request gets exactly one reply, including refusals, because the
 * original Milk left callers hanging on the requests it did not answer.
 */
final class RaidEvents implements EventHandler<RaidCommand> {

    private final RaidStore store;
    private final Clock clock;

    RaidEvents(RaidStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<RaidCommand> read(ConsumerRecord<String, byte[]> record) {
        Instant now = clock.instant();
        Instant recordTime = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        return RaidCommands.parse(record.key(), record.value(), recordTime, now);
    }

    @Override
    public List<ProducerRecord<String, byte[]>> store(List<Received<RaidCommand>> events) {
        List<RaidResponse> responses = store.apply(events.stream().map(Received::event).toList());
        List<ProducerRecord<String, byte[]>> replies = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            replies.add(reply(events.get(i).record(), responses.get(i)));
        }
        return replies;
    }

    @Override
    public Optional<ProducerRecord<String, byte[]>> refusal(ConsumerRecord<String, byte[]> record,
            InvalidEventException reason) {
        // Without a message-id nobody can be waiting, and the record may not even be a request.
        return Replies.expected(record)
                ? Optional.of(reply(record, RaidResponse.refused(null, reason.getMessage())))
                : Optional.empty();
    }

    private static ProducerRecord<String, byte[]> reply(ConsumerRecord<String, byte[]> request, RaidResponse response) {
        return Replies.to(request, EventJson.write(RaidEnvelope.of(response)));
    }
}
