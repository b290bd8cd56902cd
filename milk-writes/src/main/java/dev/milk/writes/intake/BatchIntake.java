package dev.milk.writes.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.event.InvalidEventException;
import dev.milk.wire.BrokerIdentity;
import dev.milk.wire.Caller;
import dev.milk.wire.ReplyStatus;
import dev.milk.wire.SkipReason;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores one polled batch of a topic. Records aimed elsewhere, replies and Milk's own records are
 * skipped and counted. Valid events are stored in one transaction; invalid records go to
 * {@code <topic>.DLT} with the reason, so one bad record neither blocks its partition nor costs
 * its valid neighbours. Only then are answers sent, each on its request's wire, and only when
 * every send is acknowledged does the listener return and the container commit the offsets: a
 * crash anywhere redelivers the batch, which the handlers store idempotently.
 */
public final class BatchIntake {

    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final BrokerIdentity milk;
    private final int maxRecordBytes;

    public BatchIntake(KafkaTemplate<String, byte[]> kafka, DeadLetterPublishingRecoverer deadLetters,
            TransactionTemplate transactions, MeterRegistry meters, BrokerIdentity milk, int maxRecordBytes) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.meters = meters;
        this.milk = milk;
        this.maxRecordBytes = maxRecordBytes;
    }

    public <E> void accept(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler) {
        List<Received<E>> valid = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<SkipReason> skip = SkipReason.of(record.key(), record.headers(), milk);
            if (skip.isPresent()) {
                skipped(record, skip.get());
                continue;
            }
            try {
                checkSize(record);
                handler.read(record).ifPresentOrElse(event -> {
                    valid.add(new Received<>(event, record));
                    handler.partlyRefused(event).ifPresent(reason -> refused.add(new Refused(record, reason, true)));
                }, () -> skipped(record, SkipReason.REPLY));
            } catch (InvalidEventException e) {
                refused.add(new Refused(record, e, false));
            }
        }

        List<Answer> answers = new ArrayList<>();
        if (!valid.isEmpty()) {
            answers.addAll(Objects.requireNonNull(transactions.execute(status -> handler.store(valid))));
            meters.counter("milk.events.stored", "topic", valid.getFirst().record().topic()).increment(valid.size());
        }
        for (Refused r : refused) {
            deadLetters.accept(r.record(), r.reason());
            meters.counter("milk.events.dead.lettered", "topic", r.record().topic(), "reason", r.reason().kind().tag())
                    .increment();
            // A partly stored record is answered with the stored part; a wholly refused one with the refusal.
            if (!r.partly()) {
                handler.refusal(r.record(), r.reason())
                        .ifPresent(value -> answers.add(new Answer(r.record(), value, statusOf(r.reason()))));
            }
        }
        List<CompletableFuture<?>> sent = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            reply(answer).ifPresent(reply -> sent.add(kafka.send(reply)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    /** The answer on the request's own wire; none when the request named no caller. */
    private Optional<ProducerRecord<String, byte[]>> reply(Answer answer) {
        ConsumerRecord<String, byte[]> request = answer.request();
        return Caller.of(request.headers()).map(caller -> {
            meters.counter("milk.replies.sent", "topic", request.topic(),
                    "generation", Integer.toString(caller.generation().number())).increment();
            return caller.reply(request.topic(), request.key(), answer.value(), milk, answer.status());
        });
    }

    private void skipped(ConsumerRecord<String, byte[]> record, SkipReason reason) {
        meters.counter("milk.events.skipped", "topic", record.topic(), "reason", reason.tag()).increment();
    }

    private static ReplyStatus statusOf(InvalidEventException reason) {
        return reason.kind() == InvalidEventException.Kind.OVERSIZED ? ReplyStatus.TOO_LARGE : ReplyStatus.INVALID;
    }

    private void checkSize(ConsumerRecord<String, byte[]> record) {
        int size = Math.max(record.serializedValueSize(), 0) + Math.max(record.serializedKeySize(), 0);
        if (size > maxRecordBytes) {
            throw new InvalidEventException(InvalidEventException.Kind.OVERSIZED,
                    "record is " + size + " bytes; at most " + maxRecordBytes + " are accepted");
        }
    }

    private record Refused(ConsumerRecord<String, byte[]> record, InvalidEventException reason, boolean partly) {
    }
}
