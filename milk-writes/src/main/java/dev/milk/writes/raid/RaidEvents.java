package dev.milk.writes.raid;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.milk.writes.event.InvalidEventException;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidResponse;
import dev.milk.writes.intake.Answer;
import dev.milk.writes.intake.EventHandler;
import dev.milk.writes.intake.Received;

/**
 * The raid protocol: every request gets exactly one reply, in the shape it came in, including
 * refusals, because the original Milk left callers hanging on the requests it did not answer.
 */
final class RaidEvents implements EventHandler<RaidRequestRecord> {

    private final RaidStore store;
    private final Clock clock;

    RaidEvents(RaidStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String subject() {
        return "raid";
    }

    @Override
    public String action(RaidRequestRecord event) {
        return event.command().action().key();
    }

    /** The key is the action: a known one is named, anything else is one tag, not one per key sent. */
    @Override
    public String action(ConsumerRecord<String, byte[]> record) {
        return RaidAction.fromKey(record.key()).map(RaidAction::key).orElse(UNKNOWN_ACTION);
    }

    @Override
    public String subjectId(RaidRequestRecord event) {
        return event.command().raidId();
    }

    @Override
    public Optional<RaidRequestRecord> read(ConsumerRecord<String, byte[]> record) {
        Instant now = clock.instant();
        Instant recordTime = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        return RaidCommands.parse(record.key(), record.value(), recordTime, now);
    }

    @Override
    public List<Answer> store(List<Received<RaidRequestRecord>> events) {
        List<RaidOutcome> outcomes = store.apply(events.stream().map(e -> e.event().command()).toList());
        List<Answer> answers = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Received<RaidRequestRecord> received = events.get(i);
            RaidOutcome outcome = outcomes.get(i);
            answers.add(new Answer(received.record(), received.event().shape().reply(outcome.response()),
                    outcome.status(), outcome.deadLetter()));
        }
        return answers;
    }

    @Override
    public Optional<byte[]> refusal(ConsumerRecord<String, byte[]> record, InvalidEventException reason) {
        return Optional.of(RaidValueShape.guess(record.value()).reply(RaidResponse.refused(null, reason.getMessage())));
    }
}
