package dev.milk.writes.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Spring Kafka's dead-letter recoverer, to {@code <topic>.DLT}, for records that still fit whole.
 * A dead letter is the record plus the reason's headers, so a record near a size limit (the
 * producer's {@code max.request.size}, the dead-letter topic's {@code max.message.bytes}) cannot
 * be sent whole, and a retry fails the same way, forever, holding its partition. Such a record
 * goes to the dead-letter topic shortened: the reason, its own headers up to
 * {@value #KEPT_HEADER_BYTES} bytes, its key and the first {@value #KEPT_BYTES} bytes of its value,
 * marked {@value #TRUNCATED}, with the value's size and SHA-256.
 */
final class DeadLetters extends DeadLetterPublishingRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    static final String TRUNCATED = "milk-dlt-truncated";
    static final String ORIGINAL_SIZE = "milk-dlt-original-size";
    static final String ORIGINAL_SHA256 = "milk-dlt-original-sha256";
    /** How many of the record's own headers were left out, when some were. */
    static final String DROPPED_HEADERS = "milk-dlt-dropped-headers";
    /** Enough to see what the record was (its type and ids come first), far below any topic's limit. */
    static final int KEPT_BYTES = 4096;
    static final int KEPT_HEADER_BYTES = 16_384;
    private static final int KEPT_KEY_CHARS = 1024;

    /** Above Kafka's own upper bound on what a record costs besides its bytes: the batch, the record's, each header's. */
    private static final int RECORD_OVERHEAD = 128;
    private static final int HEADER_OVERHEAD = 10;
    private final int maxRequestBytes;
    private final MeterRegistry meters;

    /**
     * @param maxRequestBytes the producer's {@code max.request.size}: a dead letter over it is
     *                        refused before it is sent, with no cause the recoverer passes on
     */
    DeadLetters(KafkaOperations<String, byte[]> kafka, int maxRequestBytes, MeterRegistry meters) {
        // Partition -1: the producer picks one, so the DLT need not mirror the source's partition count.
        super(kafka, (record, exception) -> new TopicPartition(TopicIntake.deadLetterTopic(record.topic()), -1));
        this.maxRequestBytes = maxRequestBytes;
        this.meters = meters;
    }

    @Override
    protected void publish(ProducerRecord<Object, Object> deadLetter, KafkaOperations<Object, Object> kafka,
            ConsumerRecord<?, ?> record) {
        if (sizeUpperBound(deadLetter) > maxRequestBytes) {
            publishShortened(deadLetter, kafka, record, "over the producer's max.request.size of " + maxRequestBytes);
            return;
        }
        try {
            super.publish(deadLetter, kafka, record);
        } catch (KafkaException e) {
            // Over the dead-letter topic's max.message.bytes, which only the broker knows.
            if (!refusedAsTooLarge(e)) {
                throw e;
            }
            publishShortened(deadLetter, kafka, record, Failures.reason(e));
        }
    }

    private void publishShortened(ProducerRecord<Object, Object> deadLetter, KafkaOperations<Object, Object> kafka,
            ConsumerRecord<?, ?> record, String why) {
        ProducerRecord<Object, Object> shortened = shortened(deadLetter, record.headers().toArray().length);
        log.warn("the dead letter of {}-{}@{} is too large to send whole ({}); it goes to {} with the first {} bytes of its value",
                record.topic(), record.partition(), record.offset(), why, deadLetter.topic(),
                shortened.value() instanceof byte[] kept ? kept.length : 0);
        super.publish(shortened, kafka, record);
        Counter.builder("milk.dead.letters.shortened").description("dead letters too large to send whole, sent shortened")
                .tag("topic", record.topic()).register(meters).increment();
    }

    /** The first {@code ownHeaders} headers are the record's own; the reason's follow and are always kept. */
    private static ProducerRecord<Object, Object> shortened(ProducerRecord<Object, Object> deadLetter, int ownHeaders) {
        Header[] all = deadLetter.headers().toArray();
        Headers headers = new RecordHeaders();
        long budget = KEPT_HEADER_BYTES;
        int dropped = 0;
        for (int i = 0; i < all.length; i++) {
            long size = bytes(all[i]);
            if (i >= ownHeaders || size <= budget) {
                headers.add(all[i]);
                budget -= i < ownHeaders ? size : 0;
            } else {
                dropped++;
            }
        }
        byte[] value = deadLetter.value() instanceof byte[] bytes ? bytes : new byte[0];
        headers.add(TRUNCATED, utf8("true"));
        headers.add(ORIGINAL_SIZE, utf8(String.valueOf(value.length)));
        headers.add(ORIGINAL_SHA256, utf8(sha256(value)));
        if (dropped > 0) {
            headers.add(DROPPED_HEADERS, utf8(String.valueOf(dropped)));
        }
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), shortKey(deadLetter.key()),
                Arrays.copyOf(value, Math.min(value.length, KEPT_BYTES)), headers);
    }

    private static Object shortKey(Object key) {
        if (!(key instanceof String text) || text.length() <= KEPT_KEY_CHARS) {
            return key;
        }
        // Never half a surrogate pair, which would not encode.
        int end = Character.isHighSurrogate(text.charAt(KEPT_KEY_CHARS - 1)) ? KEPT_KEY_CHARS - 1 : KEPT_KEY_CHARS;
        return text.substring(0, end);
    }

    private static boolean refusedAsTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static long sizeUpperBound(ProducerRecord<Object, Object> deadLetter) {
        long size = RECORD_OVERHEAD + bytes(deadLetter.key()) + bytes(deadLetter.value());
        for (Header header : deadLetter.headers()) {
            size += bytes(header);
        }
        return size;
    }

    private static long bytes(Header header) {
        return HEADER_OVERHEAD + bytes(header.key()) + bytes(header.value());
    }

    /** At most what the producer's serializers make of a key, value or header: text in UTF-8, or bytes. */
    private static long bytes(Object keyOrValue) {
        return switch (keyOrValue) {
            case byte[] bytes -> bytes.length;
            case String text -> text.length() * 3L;
            // Milk sends nothing else (and null is nothing); the broker's answer remains the judge.
            case null, default -> 0;
        };
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
