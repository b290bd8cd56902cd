package dev.milk.writes.intake;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.milk.writes.event.InvalidEventException;

/**
 * What one topic's protocol adds to {@link BatchIntake}: how to read a record, how to store a
 * batch and what to answer. Everything else (targeting, dead letters, transactions, the wire of
 * the replies, offsets) is the intake's.
 *
 * @param <E> the validated event
 */
public interface EventHandler<E> {

    /** The {@code action} tag of a record whose action is not known (unread, unparsable, unnamed). */
    String UNKNOWN_ACTION = "unknown";

    /** What the records are about, as logs name their ids: {@code raid} or {@code archive}. */
    String subject();

    /** What the event asks for, as the metrics' {@code action} tag names it: one of a few values. */
    String action(E event);

    /** The same for a record that was not read (skipped or refused), where its key alone tells. */
    default String action(ConsumerRecord<String, byte[]> record) {
        return UNKNOWN_ACTION;
    }

    /** The id of the raid or archive the event is about, for the batch's log line. */
    String subjectId(E event);

    /**
     * @return the event, or empty when the value is a reply (such as one from an older Milk)
     * @throws InvalidEventException when the record is malformed or invalid
     */
    Optional<E> read(ConsumerRecord<String, byte[]> record);

    /** Stores a batch in the caller's transaction; returns the answers to send once it commits. */
    List<Answer> store(List<Received<E>> events);

    /**
     * Why part of a stored event was refused (say, one bad message among valid ones): the record
     * then also goes to the dead-letter topic with this reason, after the valid part is stored.
     */
    default Optional<InvalidEventException> partlyRefused(E event) {
        return Optional.empty();
    }

    /** The value answering a refused record, where the protocol answers it. */
    Optional<byte[]> refusal(ConsumerRecord<String, byte[]> record, InvalidEventException reason);
}
