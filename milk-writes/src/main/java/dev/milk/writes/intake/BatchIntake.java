package dev.milk.writes.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.writes.event.InvalidEventException;
import dev.milk.wire.BrokerIdentity;
import dev.milk.wire.Caller;
import dev.milk.wire.ReplyStatus;
import dev.milk.wire.SkipReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores one polled batch of a topic. Records aimed elsewhere, replies and Milk's own records are
 * skipped and counted. Valid events are stored in one transaction; invalid records go to
 * {@code <topic>.DLT} with the reason, so one bad record neither blocks its partition nor costs
 * its valid neighbours. Only then are answers sent, each on its request's wire, and only when
 * every send is acknowledged does the listener return and the container commit the offsets: a
 * crash anywhere redelivers the batch, which the handlers store idempotently.
 *
 * <p>When the batch's transaction fails, the cause decides. A transient one (PostgreSQL or Kafka
 * unreachable, a deadlock) fails the batch, which the container retries, backing off, for as long
 * as it takes: nothing valid is dropped. Any other failure is a record's own (a value the schema
 * refuses): the batch is unrolled and each event stored alone, and an event that fails alone
 * {@value #ATTEMPTS} times goes to the dead-letter topic with the reason, so it cannot block
 * every later event of its partition.
 */
public final class BatchIntake {

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);
    static final int ATTEMPTS = 3;

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
            } catch (RuntimeException e) {
                // A bug in reading must not stop the partition either: the record is kept, with the reason.
                log.error("record {}-{}@{} could not be read", record.topic(), record.partition(), record.offset(), e);
                refused.add(new Refused(record, new InvalidEventException(InvalidEventException.Kind.MALFORMED,
                        "record could not be read: " + e), false));
            }
        }

        String topic = records.isEmpty() ? "none" : records.getFirst().topic();
        DistributionSummary.builder("milk.batch.records").description("records in a polled batch")
                .tag("topic", topic).register(meters).record(records.size());
        List<Answer> answers = new ArrayList<>();
        if (!valid.isEmpty()) {
            Timer.Sample storing = Timer.start(meters);
            answers.addAll(store(valid, handler));
            storing.stop(Timer.builder("milk.batch.store").description("storing a batch, commit included")
                    .tag("topic", topic).register(meters));
            meters.counter("milk.events.stored", "topic", topic).increment(valid.size());
        }
        for (Refused r : refused) {
            deadLetter(r.record(), r.reason());
            // A partly stored record is answered with the stored part; a wholly refused one with the refusal.
            if (!r.partly()) {
                handler.refusal(r.record(), r.reason())
                        .ifPresent(value -> answers.add(new Answer(r.record(), value, statusOf(r.reason()))));
            }
        }
        Timer.Sample answering = Timer.start(meters);
        List<CompletableFuture<?>> sent = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            if (answer.deadLetter() != null) {
                deadLetter(answer.request(), answer.deadLetter());
            }
            reply(answer).ifPresent(reply -> sent.add(kafka.send(reply)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        answering.stop(Timer.builder("milk.batch.replies").description("sending a batch's replies until acknowledged")
                .tag("topic", topic).register(meters));
    }

    /** The batch in one transaction; unrolled event by event when it fails for a reason of its own. */
    private <E> List<Answer> store(List<Received<E>> valid, EventHandler<E> handler) {
        try {
            return Objects.requireNonNull(transactions.execute(status -> handler.store(valid)));
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            log.warn("a batch of {} events failed ({}); storing them one by one", valid.size(), Failures.reason(e));
            List<Answer> answers = new ArrayList<>();
            for (Received<E> event : valid) {
                answers.addAll(storeAlone(event, handler));
            }
            return answers;
        }
    }

    private <E> List<Answer> storeAlone(Received<E> event, EventHandler<E> handler) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return Objects.requireNonNull(transactions.execute(status -> handler.store(List.of(event))));
            } catch (RuntimeException e) {
                if (Failures.isTransient(e)) {
                    throw e;
                }
                last = e;
            }
        }
        ConsumerRecord<String, byte[]> record = event.record();
        log.error("record {}-{}@{} failed to store {} times and goes to the dead-letter topic", record.topic(),
                record.partition(), record.offset(), ATTEMPTS, last);
        var reason = new InvalidEventException(InvalidEventException.Kind.STORE_FAILED,
                "could not be stored (" + ATTEMPTS + " attempts): " + Failures.reason(last));
        byte[] value = handler.refusal(record, reason).orElse(null);
        return List.of(new Answer(record, value, ReplyStatus.STORE_FAILED, reason));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException reason) {
        deadLetters.accept(record, reason);
        meters.counter("milk.events.dead.lettered", "topic", record.topic(), "reason", reason.kind().tag()).increment();
    }

    /** The answer on the request's own wire; none when there is no value or the request named no caller. */
    private Optional<ProducerRecord<String, byte[]>> reply(Answer answer) {
        ConsumerRecord<String, byte[]> request = answer.request();
        if (answer.value() == null) {
            return Optional.empty();
        }
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
        return switch (reason.kind()) {
            case OVERSIZED -> ReplyStatus.TOO_LARGE;
            case STORE_FAILED -> ReplyStatus.STORE_FAILED;
            default -> ReplyStatus.INVALID;
        };
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
