package dev.milk.writes.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.milk.writes.event.InvalidEventException;
import dev.milk.wire.ReplyStatus;

/**
 * What Milk answers to a request; the intake sends it on the request's own wire, or not at all
 * when the request named no caller to answer (then {@code value} may be null).
 *
 * @param deadLetter why the store refused the record, which then also goes to the dead-letter
 *                   topic; null when it was stored
 */
public record Answer(ConsumerRecord<String, byte[]> request, byte[] value, ReplyStatus status,
        InvalidEventException deadLetter) {

    public Answer(ConsumerRecord<String, byte[]> request, byte[] value, ReplyStatus status) {
        this(request, value, status, null);
    }

    /** A record the store refused by a rule, dead-lettered with {@code reason}, answered with nothing. */
    public static Answer refusedSilently(ConsumerRecord<String, byte[]> request, InvalidEventException reason) {
        return new Answer(request, null, ReplyStatus.INVALID, reason);
    }
}
