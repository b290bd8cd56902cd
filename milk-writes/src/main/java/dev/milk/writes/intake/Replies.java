package dev.milk.writes.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import dev.milk.event.EventHeaders;

/** Replies go back on the request's topic and key, correlated by the request's {@code message-id}. */
public final class Replies {

    private Replies() {
    }

    public static ProducerRecord<String, byte[]> to(ConsumerRecord<String, byte[]> request, byte[] value) {
        var reply = new ProducerRecord<>(request.topic(), request.key(), value);
        Header messageId = request.headers().lastHeader(EventHeaders.MESSAGE_ID);
        if (messageId != null) {
            reply.headers().add(EventHeaders.IN_REPLY_TO, messageId.value());
        }
        return reply;
    }

    public static boolean expected(ConsumerRecord<String, byte[]> request) {
        return request.headers().lastHeader(EventHeaders.MESSAGE_ID) != null;
    }
}
