package dev.milk.writes.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A valid event with the record it came in, for replies that echo the record's headers. */
public record Received<E>(E event, ConsumerRecord<String, byte[]> record) {
}
