package dev.milk.writes.intake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;

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
 *
 * <p>Each record is counted ({@link IntakeMeters}), traced when tracing is on ({@link EventTraces}),
 * and each batch ends in one line at INFO: its figures and the ids it touched, never content.
 */
public final class BatchIntake {

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);
    static final int ATTEMPTS = 3;
    /** A batch names at most this many raids or archives in its log line. */
    private static final int LOGGED_IDS = 20;

    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final TransactionTemplate transactions;
    private final IntakeMeters meters;
    private final ObservationRegistry observations;
    private final BrokerIdentity milk;
    private final int maxRecordBytes;

    public BatchIntake(KafkaTemplate<String, byte[]> kafka, DeadLetterPublishingRecoverer deadLetters,
            TransactionTemplate transactions, MeterRegistry meters, ObservationRegistry observations,
            BrokerIdentity milk, int maxRecordBytes) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.meters = new IntakeMeters(meters);
        this.observations = observations;
        this.milk = milk;
        this.maxRecordBytes = maxRecordBytes;
    }

    public <E> void accept(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler) {
        if (records.isEmpty()) {
            return;
        }
        EventTraces traces = new EventTraces(observations);
        try {
            accept(records, handler, traces);
        } catch (RuntimeException e) {
            traces.failed(e);
            throw e;
        } finally {
            traces.end();
        }
    }

    private <E> void accept(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler, EventTraces traces) {
        long started = System.nanoTime();
        String topic = records.getFirst().topic();
        List<Received<E>> valid = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        // What each consumed record asks for, worked out once: its counters, dead letter and reply name it.
        Map<ConsumerRecord<String, byte[]>, String> actions = new IdentityHashMap<>();
        int skipped = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<SkipReason> skip = SkipReason.of(record.key(), record.headers(), milk);
            if (skip.isPresent()) {
                skipped(record, handler.action(record), skip.get());
                skipped++;
                continue;
            }
            try {
                checkSize(record);
                Optional<E> read = handler.read(record);
                if (read.isEmpty()) {
                    skipped(record, handler.action(record), SkipReason.REPLY);
                    skipped++;
                    continue;
                }
                E event = read.get();
                String action = handler.action(event);
                actions.put(record, action);
                meters.consumed(record, action);
                traces.begin(record, action);
                valid.add(new Received<>(event, record));
                handler.partlyRefused(event).ifPresent(reason -> refused.add(new Refused(record, action, reason, true)));
            } catch (InvalidEventException e) {
                refused.add(refusedWhole(record, handler, e, traces));
            } catch (RuntimeException e) {
                // A bug in reading must not stop the partition either: the record is kept, with the reason.
                log.error("record {}-{}@{} could not be read", record.topic(), record.partition(), record.offset(), e);
                refused.add(refusedWhole(record, handler, new InvalidEventException(
                        InvalidEventException.Kind.MALFORMED, "record could not be read: " + e), traces));
            }
        }

        refused.forEach(r -> actions.putIfAbsent(r.record(), r.action()));
        meters.batch(topic, records.size());
        List<Answer> answers = new ArrayList<>();
        int stored = 0;
        if (!valid.isEmpty()) {
            Timer.Sample storing = meters.start();
            answers.addAll(store(valid, handler));
            storing.stop(meters.storing(topic));
            Set<ConsumerRecord<String, byte[]>> notStored = Collections.newSetFromMap(new IdentityHashMap<>());
            answers.stream().filter(answer -> answer.deadLetter() != null).forEach(answer -> notStored.add(answer.request()));
            for (Received<E> event : valid) {
                if (!notStored.contains(event.record())) {
                    meters.stored(event.record(), actions.get(event.record()));
                    traces.stored(event.record());
                    stored++;
                }
            }
        }
        int deadLettered = 0;
        for (Refused r : refused) {
            deadLetter(r.record(), r.action(), r.reason(), traces);
            deadLettered++;
            // A partly stored record is answered with the stored part; a wholly refused one with the refusal.
            if (!r.partly()) {
                handler.refusal(r.record(), r.reason())
                        .ifPresent(value -> answers.add(new Answer(r.record(), value, statusOf(r.reason()))));
            }
        }
        Timer.Sample answering = meters.start();
        List<CompletableFuture<?>> sent = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            String action = actions.getOrDefault(answer.request(), EventHandler.UNKNOWN_ACTION);
            if (answer.deadLetter() != null) {
                deadLetter(answer.request(), action, answer.deadLetter(), traces);
                deadLettered++;
            }
            reply(answer, action).ifPresent(reply -> sent.add(traces.within(answer.request(), () -> kafka.send(reply))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        answering.stop(meters.replying(topic));
        logBatch(records, handler, valid, new Tally(stored, skipped, deadLettered, sent.size()), started);
    }

    private Refused refusedWhole(ConsumerRecord<String, byte[]> record, EventHandler<?> handler,
            InvalidEventException reason, EventTraces traces) {
        String action = handler.action(record);
        meters.consumed(record, action);
        traces.begin(record, action);
        return new Refused(record, action, reason, false);
    }

    /** What became of a batch's records, for its log line. */
    private record Tally(int stored, int skipped, int deadLettered, int replies) {
    }

    /**
     * One line per batch: where it came from, what became of it, how long it took and which raids
     * or archives it touched (their ids, never what they hold).
     */
    private <E> void logBatch(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler,
            List<Received<E>> valid, Tally tally, long started) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Map<Integer, long[]> offsets = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            offsets.merge(record.partition(), new long[] {record.offset(), record.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        String positions = offsets.entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue()[0] + (e.getValue()[1] > e.getValue()[0] ? "-" + e.getValue()[1] : ""))
                .collect(Collectors.joining(","));
        List<String> ids = valid.stream().map(event -> handler.subjectId(event.event())).distinct()
                .limit(LOGGED_IDS).toList();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String topic = records.getFirst().topic();
        log.atInfo()
                .addKeyValue("topic", topic)
                .addKeyValue("partitions", positions)
                .addKeyValue("records", records.size())
                .addKeyValue("stored", tally.stored())
                .addKeyValue("skipped", tally.skipped())
                .addKeyValue("deadLettered", tally.deadLettered())
                .addKeyValue("replies", tally.replies())
                .addKeyValue("millis", millis)
                .addKeyValue(handler.subject() + "Ids", String.join(",", ids))
                .log("batch of {} records from {} {}: {} stored, {} skipped, {} dead-lettered, {} replies in {} ms",
                        records.size(), topic, positions, tally.stored(), tally.skipped(), tally.deadLettered(),
                        tally.replies(), millis);
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

    private void deadLetter(ConsumerRecord<String, byte[]> record, String action, InvalidEventException reason,
            EventTraces traces) {
        traces.deadLettered(record, reason.kind().tag());
        deadLetters.accept(record, reason);
        meters.deadLettered(record, action, reason.kind().tag());
    }

    /** The answer on the request's own wire; none when there is no value or the request named no caller. */
    private Optional<ProducerRecord<String, byte[]>> reply(Answer answer, String action) {
        ConsumerRecord<String, byte[]> request = answer.request();
        if (answer.value() == null) {
            return Optional.empty();
        }
        return Caller.of(request.headers()).map(caller -> {
            meters.replied(request, action);
            return caller.reply(request.topic(), request.key(), answer.value(), milk, answer.status());
        });
    }

    private void skipped(ConsumerRecord<String, byte[]> record, String action, SkipReason reason) {
        meters.consumed(record, action);
        meters.skipped(record, action, reason.tag());
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

    private record Refused(ConsumerRecord<String, byte[]> record, String action, InvalidEventException reason,
            boolean partly) {
    }
}
