package dev.milk.writes.intake;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The traces of one batch (when tracing is on, {@code MILK_TRACING_ENABLED}): a span per record
 * Milk acts on, a child of the span the record's headers name ({@code traceparent}), from its
 * reading through the store to its reply, whose send is a child span again and carries the trace
 * on in the reply's headers. Spring Kafka traces record listeners only; a batch is traced here,
 * on its receiver context, so the propagation is Spring Kafka's own.
 */
final class EventTraces {

    static final String NAME = "milk.event";

    private final ObservationRegistry registry;
    private final Map<ConsumerRecord<String, byte[]>, Observation> spans = new IdentityHashMap<>();

    EventTraces(ObservationRegistry registry) {
        this.registry = registry;
    }

    void begin(ConsumerRecord<String, byte[]> record, String action) {
        if (registry.isNoop()) {
            return;
        }
        spans.put(record, Observation.createNotStarted(NAME,
                        () -> new KafkaRecordReceiverContext(record, record.topic(), () -> null), registry)
                .contextualName(record.topic() + " process")
                .lowCardinalityKeyValue("messaging.destination.name", record.topic())
                .lowCardinalityKeyValue("milk.action", action)
                .highCardinalityKeyValue("messaging.kafka.message.offset", Long.toString(record.offset()))
                .start());
    }

    void stored(ConsumerRecord<String, byte[]> record) {
        outcome(record, "stored");
    }

    void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {
        outcome(record, "dead-lettered");
        Observation span = spans.get(record);
        if (span != null) {
            span.highCardinalityKeyValue("milk.dead-letter.reason", reason);
        }
    }

    /** Sends the reply to {@code record} within its span, so the send is its child. */
    <T> T within(ConsumerRecord<String, byte[]> record, Supplier<T> send) {
        Observation span = spans.get(record);
        return span == null ? send.get() : span.scoped(send);
    }

    /** The batch failed (it will be retried): every span ends with the error. */
    void failed(Throwable error) {
        spans.values().forEach(span -> span.error(error));
    }

    void end() {
        spans.values().forEach(Observation::stop);
        spans.clear();
    }

    private void outcome(ConsumerRecord<String, byte[]> record, String outcome) {
        Observation span = spans.get(record);
        if (span != null) {
            span.lowCardinalityKeyValue("milk.outcome", outcome).event(Observation.Event.of("milk." + outcome));
        }
    }
}
