package dev.milk.writes.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.milk.wire.ReplyStatus;

/**
 * What Milk answers to a request; the intake sends it on the request's own wire, or not at all
 * when the request named no caller to answer.
 */
public record Answer(ConsumerRecord<String, byte[]> request, byte[] value, ReplyStatus status) {
}
