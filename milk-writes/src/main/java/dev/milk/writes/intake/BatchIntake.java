package dev.milk.writes.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.event.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores one polled batch of a topic. Valid events are stored in one transaction; invalid records
 * go to {@code <topic>.DLT} with the reason, so one bad record neither blocks its partition nor
 * costs its valid neighbours. Only then are replies sent, and only when every send is acknowledged
 * does the listener return and the container commit the offsets: a crash anywhere redelivers the
 * batch, which the handlers store idempotently.
 */
public final class BatchIntake {

    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final int maxRecordBytes;

    public BatchIntake(KafkaTemplate<String, byte[]> kafka, DeadLetterPublishingRecoverer deadLetters,
            TransactionTemplate transactions, MeterRegistry meters, int maxRecordBytes) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.meters = meters;
        this.maxRecordBytes = maxRecordBytes;
    }

    public <E> void accept(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler) {
        List<Received<E>> valid = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                checkSize(record);
                handler.read(record).ifPresent(event -> {
                    valid.add(new Received<>(event, record));
                    handler.partlyRefused(event).ifPresent(reason -> refused.add(new Refused(record, reason)));
                });
            } catch (InvalidEventException e) {
                refused.add(new Refused(record, e));
            }
        }

        List<ProducerRecord<String, byte[]>> replies = new ArrayList<>();
        if (!valid.isEmpty()) {
            replies.addAll(Objects.requireNonNull(transactions.execute(status -> handler.store(valid))));
            meters.counter("milk.events.stored", "topic", valid.getFirst().record().topic()).increment(valid.size());
        }
        for (Refused r : refused) {
            deadLetters.accept(r.record(), r.reason());
            meters.counter("milk.events.dead.lettered", "topic", r.record().topic(), "reason", r.reason().kind().tag())
                    .increment();
            handler.refusal(r.record(), r.reason()).ifPresent(replies::add);
        }
        CompletableFuture.allOf(replies.stream().map(kafka::send).toArray(CompletableFuture[]::new)).join();
    }

    private void checkSize(ConsumerRecord<String, byte[]> record) {
        int size = Math.max(record.serializedValueSize(), 0) + Math.max(record.serializedKeySize(), 0);
        if (size > maxRecordBytes) {
            throw new InvalidEventException(InvalidEventException.Kind.OVERSIZED,
                    "record is " + size + " bytes; at most " + maxRecordBytes + " are accepted");
        }
    }

    private record Refused(ConsumerRecord<String, byte[]> record, InvalidEventException reason) {
    }
}
