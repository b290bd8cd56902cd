package dev.milk.writes.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.milk.wire.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The intake's meters. Each record is counted once as consumed and once as what became of it
 * (stored, skipped or dead-lettered; a partly stored one as both of the last two), tagged by its
 * topic, its action and the wire generation its headers speak ({@code 1}, {@code 2}, or
 * {@code none} when it names no caller). Every tag takes a few values only: never an id or a key
 * as sent.
 */
final class IntakeMeters {

    static final String CONSUMED = "milk.events.consumed";
    static final String STORED = "milk.events.stored";
    static final String SKIPPED = "milk.events.skipped";
    static final String DEAD_LETTERED = "milk.events.dead.lettered";
    static final String REPLIES = "milk.replies.sent";

    private final MeterRegistry registry;

    IntakeMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void consumed(ConsumerRecord<String, byte[]> record, String action) {
        count(CONSUMED, "records polled from the topic", record, action, null);
    }

    void stored(ConsumerRecord<String, byte[]> record, String action) {
        count(STORED, "events stored (idempotently: a redelivered one counts again)", record, action, null);
    }

    void skipped(ConsumerRecord<String, byte[]> record, String action, String reason) {
        count(SKIPPED, "records left alone: replies, aimed at others, Milk's own", record, action, reason);
    }

    void deadLettered(ConsumerRecord<String, byte[]> record, String action, String reason) {
        count(DEAD_LETTERED, "records sent to <topic>.DLT with the reason", record, action, reason);
    }

    void replied(ConsumerRecord<String, byte[]> request, String action) {
        count(REPLIES, "answers sent on the request's wire", request, action, null);
    }

    void batch(String topic, int records) {
        DistributionSummary.builder("milk.batch.records").description("records in a polled batch")
                .tag("topic", topic).serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1_000)
                .register(registry).record(records);
    }

    Timer storing(String topic) {
        return Timer.builder("milk.batch.store").description("storing a batch, commit included")
                .tag("topic", topic).publishPercentileHistogram().register(registry);
    }

    Timer replying(String topic) {
        return Timer.builder("milk.batch.replies").description("sending a batch's replies until acknowledged")
                .tag("topic", topic).publishPercentileHistogram().register(registry);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    private void count(String name, String description, ConsumerRecord<String, byte[]> record, String action,
            String reason) {
        var counter = Counter.builder(name).description(description)
                .tag("topic", record.topic()).tag("action", action).tag("generation", generation(record));
        if (reason != null) {
            counter.tag("reason", reason);
        }
        counter.register(registry).increment();
    }

    private static String generation(ConsumerRecord<String, byte[]> record) {
        return Caller.of(record.headers()).map(caller -> Integer.toString(caller.generation().number())).orElse("none");
    }
}
