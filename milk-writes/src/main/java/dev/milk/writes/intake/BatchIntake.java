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
import java.util.concurrent.ConcurrentHashMap;
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
 * Stores one polled batch of a topic, step by step: {@link #read reads} every record (those aimed
 * elsewhere, replies and Milk's own are skipped and counted), {@link #store stores} the valid
 * events in one transaction, {@link #deadLetter dead-letters} what was refused with the reason, so
 * one bad record neither blocks its partition nor costs its valid neighbours, and only then
 * {@link #reply answers}, each request on its own wire. Only when every send is acknowledged does
 * the listener return and the container commit the offsets: a crash anywhere redelivers the batch,
 * which the handlers store idempotently.
 *
 * <p>Milk's one error story. This intake decides what becomes of every record; the listener
 * container's {@code DefaultErrorHandler} only delivers a poll again, after its back-off, when
 * this intake throws, and never dead-letters or skips anything itself. The intake throws in two
 * cases. A failure that passes by itself ({@link Failures#isTransient}: PostgreSQL or Kafka
 * unreachable, a deadlock) is thrown as it is and retried for as long as it takes: nothing valid
 * is dropped. Any other failure of the batch's transaction is a record's own (a value the schema
 * refuses): the batch is {@link #storeOneByOne stored event by event}, and an event that fails
 * alone makes the whole poll come again ({@link FailedAlone}) until it has failed in
 * {@value #ATTEMPTS} deliveries; then it goes to the dead-letter topic with the reason and its
 * neighbours are answered, so it cannot block every later event of its partition.
 *
 * <p>Why not Spring Kafka's own unrolling, a {@code BatchListenerFailedException} naming the
 * failed record with a {@code DeadLetterPublishingRecoverer} on the error handler: that handler
 * commits the records before the failed one and seeks the rest, so the intake would still have to
 * store event by event to learn which record failed (PostgreSQL fails a transaction, not a row),
 * answer the ones before it, and leave its refused neighbours after it for the next delivery; the
 * recoverer would have to send the refusal on the request's wire and count it, from outside the
 * batch. And a batch that first failed for a passing reason is retried by the handler's fallback,
 * which takes any exception thrown during its retries, a {@code BatchListenerFailedException}
 * too, as the batch failing again: under a back-off without limit, a bad record found after an
 * outage would hold its partition forever.
 *
 * <p>Each record is counted ({@link IntakeMeters}), traced when tracing is on ({@link EventTraces}),
 * and each batch ends in one line at INFO: its figures and the ids it touched, never content.
 */
public final class BatchIntake {

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);
    /** Deliveries in which an event fails alone before it is dead-lettered. */
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
    /**
     * How many deliveries each record failed alone in, until it is stored or dead-lettered. Like
     * Spring Kafka's own failed-record tracking, in memory: a restart starts the count again.
     */
    private final Map<Position, Integer> failedAlone = new ConcurrentHashMap<>();

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
        Poll<E> poll = read(records, handler, traces);
        meters.batch(topic, records.size());
        List<Answer> answers = new ArrayList<>();
        int stored = 0;
        if (!poll.valid.isEmpty()) {
            Timer.Sample storing = meters.start();
            answers.addAll(store(poll.valid, handler));
            storing.stop(meters.storing(topic));
            stored = countStored(poll, answers, traces);
        }
        List<Refused> refused = refusedIn(poll, answers);
        answers.addAll(refusals(poll.refused, handler));
        refused.forEach(r -> deadLetter(r, traces));
        int replies = reply(topic, answers, poll, traces);
        logBatch(records, handler, poll.valid, new Tally(stored, poll.skipped, refused.size(), replies), started);
    }

    /** What reading a poll found: the valid events, the refused records, and what each record asks for. */
    private static final class Poll<E> {

        final List<Received<E>> valid = new ArrayList<>();
        final List<Refused> refused = new ArrayList<>();
        /** Worked out once per record: its counters, dead letter and reply name it. */
        final Map<ConsumerRecord<String, byte[]>, String> actions = new IdentityHashMap<>();
        int skipped;

        String actionOf(ConsumerRecord<String, byte[]> record) {
            return actions.getOrDefault(record, EventHandler.UNKNOWN_ACTION);
        }
    }

    /** Reads, checks and validates each record; nothing is stored or sent yet. */
    private <E> Poll<E> read(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler,
            EventTraces traces) {
        Poll<E> poll = new Poll<>();
        List<Reading<E>> readings = readEach(records, handler);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            Reading<E> reading = readings.get(i);
            if (reading.skip() != null) {
                skipped(record, handler.action(record), reading.skip());
                poll.skipped++;
                continue;
            }
            try {
                Optional<E> read = reading.event();
                if (read.isEmpty()) {
                    skipped(record, handler.action(record), SkipReason.REPLY);
                    poll.skipped++;
                    continue;
                }
                E event = read.get();
                String action = handler.action(event);
                poll.actions.put(record, action);
                meters.consumed(record, action);
                traces.begin(record, action);
                poll.valid.add(new Received<>(event, record));
                handler.partlyRefused(event).ifPresent(reason -> poll.refused.add(new Refused(record, action, reason, true)));
            } catch (InvalidEventException e) {
                poll.refused.add(refusedWhole(record, handler, e, traces));
            } catch (RuntimeException e) {
                // A bug in reading must not stop the partition either: the record is kept, with the reason.
                log.error("record {}-{}@{} could not be read", record.topic(), record.partition(), record.offset(), e);
                poll.refused.add(refusedWhole(record, handler, new InvalidEventException(
                        InvalidEventException.Kind.MALFORMED, "record could not be read: " + e), traces));
            }
        }
        poll.refused.forEach(r -> poll.actions.putIfAbsent(r.record(), r.action()));
        return poll;
    }

    /**
     * Parses and validates the records of the poll side by side, in the order of the poll: the
     * JSON of a raid's accounts was the largest part of the listener thread's work, and PostgreSQL
     * idles meanwhile. Counting, tracing and deciding each record's fate stay on the listener thread.
     */
    private <E> List<Reading<E>> readEach(List<ConsumerRecord<String, byte[]>> records, EventHandler<E> handler) {
        return (records.size() > 1 ? records.parallelStream() : records.stream()).map(record -> {
            Optional<SkipReason> skip = SkipReason.of(record.key(), record.headers(), milk);
            if (skip.isPresent()) {
                return new Reading<E>(skip.get(), null, null);
            }
            try {
                checkSize(record);
                return new Reading<>(null, handler.read(record), null);
            } catch (RuntimeException e) {
                return new Reading<E>(null, null, e);
            }
        }).toList();
    }

    /** One record read: skipped for a reason, or its event (empty for a reply), or why it could not be read. */
    private record Reading<E>(SkipReason skip, Optional<E> read, RuntimeException failure) {

        /** The event, or the failure reading it, thrown as it was. */
        Optional<E> event() {
            if (failure != null) {
                throw failure;
            }
            return read;
        }
    }

    private Refused refusedWhole(ConsumerRecord<String, byte[]> record, EventHandler<?> handler,
            InvalidEventException reason, EventTraces traces) {
        String action = handler.action(record);
        meters.consumed(record, action);
        traces.begin(record, action);
        return new Refused(record, action, reason, false);
    }

    /** Counts the valid events the store kept (all but those it refused); returns how many. */
    private <E> int countStored(Poll<E> poll, List<Answer> answers, EventTraces traces) {
        Set<ConsumerRecord<String, byte[]>> notStored = Collections.newSetFromMap(new IdentityHashMap<>());
        answers.stream().filter(answer -> answer.deadLetter() != null).forEach(answer -> notStored.add(answer.request()));
        int stored = 0;
        for (Received<E> event : poll.valid) {
            if (!notStored.contains(event.record())) {
                meters.stored(event.record(), poll.actionOf(event.record()));
                traces.stored(event.record());
                stored++;
            }
        }
        return stored;
    }

    /** Every record of the poll for the dead-letter topic: those reading refused, then those the store refused. */
    private static List<Refused> refusedIn(Poll<?> poll, List<Answer> stored) {
        List<Refused> refused = new ArrayList<>(poll.refused);
        stored.stream().filter(answer -> answer.deadLetter() != null).forEach(answer -> refused.add(new Refused(
                answer.request(), poll.actionOf(answer.request()), answer.deadLetter(), true)));
        return refused;
    }

    /** The answers to wholly refused records; a partly stored one is answered with the stored part. */
    private static List<Answer> refusals(List<Refused> refused, EventHandler<?> handler) {
        List<Answer> answers = new ArrayList<>();
        for (Refused r : refused) {
            if (!r.answeredByStore()) {
                handler.refusal(r.record(), r.reason())
                        .ifPresent(value -> answers.add(new Answer(r.record(), value, statusOf(r.reason()))));
            }
        }
        return answers;
    }

    /** Sends every answer and waits until each is acknowledged; returns how many were sent. */
    private int reply(String topic, List<Answer> answers, Poll<?> poll, EventTraces traces) {
        Timer.Sample answering = meters.start();
        List<CompletableFuture<?>> sent = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            reply(answer, poll.actionOf(answer.request()))
                    .ifPresent(reply -> sent.add(traces.within(answer.request(), () -> kafka.send(reply))));
        }
        if (!sent.isEmpty()) {
            // Sent now, not after the producer's linger: the next poll waits for these acknowledgements.
            kafka.flush();
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        answering.stop(meters.replying(topic));
        return sent.size();
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

    /** The batch in one transaction; stored event by event when it fails for a reason of its own. */
    private <E> List<Answer> store(List<Received<E>> valid, EventHandler<E> handler) {
        try {
            return storeTogether(valid, handler);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            log.warn("a batch of {} events failed ({}); storing them one by one", valid.size(), Failures.reason(e));
            return storeOneByOne(valid, handler);
        }
    }

    private <E> List<Answer> storeTogether(List<Received<E>> events, EventHandler<E> handler) {
        return Objects.requireNonNull(transactions.execute(status -> handler.store(events)));
    }

    /**
     * Each event in a transaction of its own. One that fails counts a delivery against it: while
     * any failed in fewer than {@value #ATTEMPTS}, the whole poll is delivered again after the
     * container's back-off (what was stored meanwhile is stored again, idempotently, and answered
     * once); then each goes to the dead-letter topic, answered with the reason.
     */
    private <E> List<Answer> storeOneByOne(List<Received<E>> valid, EventHandler<E> handler) {
        Map<Received<E>, List<Answer>> stored = new IdentityHashMap<>();
        Map<Received<E>, RuntimeException> failed = new IdentityHashMap<>();
        boolean again = false;
        for (Received<E> event : valid) {
            Position position = positionOf(event.record());
            try {
                stored.put(event, storeTogether(List.of(event), handler));
                failedAlone.remove(position);
            } catch (RuntimeException e) {
                if (Failures.isTransient(e)) {
                    throw e;
                }
                failed.put(event, e);
                again |= failedAlone.merge(position, 1, Integer::sum) < ATTEMPTS;
            }
        }
        if (again) {
            throw new FailedAlone(valid.stream().filter(failed::containsKey).map(event -> positionOf(event.record())).toList(),
                    failed.values().iterator().next());
        }
        // In the poll's order, as the batch would have answered.
        List<Answer> answers = new ArrayList<>();
        for (Received<E> event : valid) {
            answers.addAll(failed.containsKey(event)
                    ? List.of(storeFailed(event, handler, failedAlone.remove(positionOf(event.record())), failed.get(event)))
                    : stored.get(event));
        }
        return answers;
    }

    private <E> Answer storeFailed(Received<E> event, EventHandler<E> handler, int attempts, RuntimeException last) {
        ConsumerRecord<String, byte[]> record = event.record();
        log.error("record {}-{}@{} failed to store {} times and goes to the dead-letter topic", record.topic(),
                record.partition(), record.offset(), attempts, last);
        var reason = new InvalidEventException(InvalidEventException.Kind.STORE_FAILED,
                "could not be stored (" + attempts + " attempts): " + Failures.reason(last));
        byte[] value = handler.refusal(record, reason).orElse(null);
        return new Answer(record, value, ReplyStatus.STORE_FAILED, reason);
    }

    private static Position positionOf(ConsumerRecord<?, ?> record) {
        return new Position(record.topic(), record.partition(), record.offset());
    }

    /** A record across deliveries (Spring Kafka's {@code TopicPartitionOffset} is equal for any offset of a partition). */
    private record Position(String topic, int partition, long offset) {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * Events of the poll failed to store alone, fewer than {@value #ATTEMPTS} times so far: the
     * container delivers the poll again after its back-off. Its cause is the first event's own
     * failure, so it is never taken for one that passes.
     */
    static final class FailedAlone extends RuntimeException {

        FailedAlone(List<Position> positions, RuntimeException first) {
            super("events " + positions + " failed to store on their own; the poll comes again", first);
        }
    }

    /** The one way a record goes to the dead-letter topic, with its reason, counted and traced. */
    private void deadLetter(Refused refused, EventTraces traces) {
        traces.deadLettered(refused.record(), refused.reason().kind().tag());
        deadLetters.accept(refused.record(), refused.reason());
        meters.deadLettered(refused.record(), refused.action(), refused.reason().kind().tag());
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

    /**
     * A record for the dead-letter topic: refused, wholly or in part, by a check, by a rule of the
     * store, or because the store failed on it.
     *
     * @param answeredByStore whether the store's answer is its answer (a record partly stored or
     *                        refused by the store), not the refusal of a record never stored
     */
    private record Refused(ConsumerRecord<String, byte[]> record, String action, InvalidEventException reason,
            boolean answeredByStore) {
    }
}
