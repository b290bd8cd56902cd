package dev.milk.wire;

import static dev.milk.wire.BrokerHeaders.put;
import static dev.milk.wire.BrokerHeaders.text;

import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Who sent a request and how they wait for its answer, as its headers say. A Beemo client waits
 * for one reply key and one correlation header; a reply on any other key, or without that
 * header, is never seen and the caller waits until it times out.
 *
 * @param generation     the wire the caller speaks
 * @param correlationId  generation 1's {@code request-id}, or generation 2's {@code message-id}
 * @param source         the caller's cluster (generation 1) or service (generation 2); null when not sent
 * @param sourceInstance the caller's instance (generation 2); null otherwise
 */
public record Caller(Generation generation, String correlationId, String source, String sourceInstance) {

    /**
     * {@code request-id} marks generation 1 (latte never sends it), {@code message-id} generation 2.
     *
     * @return empty when the record carries neither: nobody can match an answer, so none is sent
     */
    public static Optional<Caller> of(Headers headers) {
        String requestId = text(headers, BrokerHeaders.REQUEST_ID);
        if (requestId != null) {
            return Optional.of(new Caller(Generation.WATER, requestId, text(headers, BrokerHeaders.SOURCE_CLUSTER), null));
        }
        String messageId = text(headers, BrokerHeaders.MESSAGE_ID);
        if (messageId != null) {
            return Optional.of(new Caller(Generation.LATTE, messageId, text(headers, BrokerHeaders.SOURCE_SERVICE),
                    text(headers, BrokerHeaders.SOURCE_INSTANCE)));
        }
        return Optional.empty();
    }

    /** The answer to this caller's request: on the caller's reply key, addressed to the caller only. */
    public ProducerRecord<String, byte[]> reply(String topic, String requestKey, byte[] value, BrokerIdentity milk,
            ReplyStatus status) {
        var reply = new ProducerRecord<String, byte[]>(topic, generation.replyKey(requestKey), value);
        Headers headers = reply.headers();
        switch (generation) {
            case WATER -> {
                // In the order water's KafkaMessageHeaders.serialize() writes them.
                put(headers, BrokerHeaders.CLIENT_ID, milk.service());
                put(headers, BrokerHeaders.TARGET_CLUSTERS, source);
                put(headers, BrokerHeaders.REQUEST_ID, correlationId);
                put(headers, BrokerHeaders.SOURCE_CLUSTER, milk.clusterId());
                // Water reads only the four above. Latte reads these three of every record on the
                // topic and throws on a missing one, and its stream thread then fails on this very
                // record forever: every latte client of the topic would stop for good.
                put(headers, BrokerHeaders.SOURCE_SERVICE, milk.service());
                put(headers, BrokerHeaders.SOURCE_INSTANCE, milk.instance());
                put(headers, BrokerHeaders.MESSAGE_ID, UUID.randomUUID().toString());
            }
            case LATTE -> {
                put(headers, BrokerHeaders.SOURCE_SERVICE, milk.service());
                put(headers, BrokerHeaders.SOURCE_INSTANCE, milk.instance());
                put(headers, BrokerHeaders.TARGET_SERVICES, source);
                put(headers, BrokerHeaders.TARGET_INSTANCES, sourceInstance);
                put(headers, BrokerHeaders.MESSAGE_ID, UUID.randomUUID().toString());
                put(headers, BrokerHeaders.RPC_IN_REPLY_TO, correlationId);
                put(headers, BrokerHeaders.RPC_RESPONSE_STATUS, Integer.toString(status.code()));
                put(headers, BrokerHeaders.RPC_IS_EXCEPTION, "false");
                put(headers, BrokerHeaders.RPC_IS_UPDATE, "false");
            }
        }
        return reply;
    }
}
