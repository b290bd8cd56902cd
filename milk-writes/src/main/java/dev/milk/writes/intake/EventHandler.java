package dev.milk.writes.intake;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.milk.event.InvalidEventException;

/**
 * What one topic's protocol adds to {@link BatchIntake}: how to read a record and how to store a
 * batch. Everything else (dead letters, transactions, replies, offsets) is the intake's.
 *
 * @param <E> the validated event
 */
public interface EventHandler<E> {

    /**
     * @return the event, or empty when the record is not for Milk to act on (such as its own reply)
     * @throws InvalidEventException when the record is malformed or invalid
     */
    Optional<E> read(ConsumerRecord<String, byte[]> record);

    /** Stores a batch in the caller's transaction; returns the replies to send once it commits. */
    List<ProducerRecord<String, byte[]>> store(List<Received<E>> events);

    /**
     * Why part of a stored event was refused (say, one bad message among valid ones): the record
     * then also goes to the dead-letter topic with this reason, after the valid part is stored.
     */
    default Optional<InvalidEventException> partlyRefused(E event) {
        return Optional.empty();
    }

    /** The reply to a refused record, where the protocol answers refusals. */
    Optional<ProducerRecord<String, byte[]>> refusal(ConsumerRecord<String, byte[]> record,
            InvalidEventException reason);
}
