package dev.milk.writes.wire;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Generation 2 (latte/src/main/java/gg/beemo/latte/broker): {@code BrokerMessageHeaders} for what
 * is sent; {@code BrokerConnection.dispatchIncomingMessage} and {@code RpcClient.stream} for what
 * is read: the key {@code <key>.response}, addressed to this service and instance (or to
 * everyone), not sent by this very instance, and {@code rpc-in-reply-to} naming the request.
 */
final class LatteBot extends BeemoBot {

    private final String service;
    private final String instance;

    LatteBot(String topic, String service, String instance) {
        super(topic);
        this.service = service;
        this.instance = instance;
    }

    @Override
    Map<String, String> requestHeaders(String messageId, String targetServices) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("source-service", service);
        headers.put("source-instance", instance);
        headers.put("target-services", targetServices);
        headers.put("target-instances", "");
        headers.put("message-id", messageId);
        return headers;
    }

    @Override
    boolean readsAsReply(ConsumerRecord<String, byte[]> record, String key, String messageId) {
        Set<String> services = list(header(record, "target-services"));
        Set<String> instances = list(header(record, "target-instances"));
        if ((!services.isEmpty() && !services.contains(service)) || (!instances.isEmpty() && !instances.contains(instance))) {
            return false;
        }
        if (instance.equals(header(record, "source-instance")) && service.equals(header(record, "source-service"))) {
            return false;
        }
        return key.concat(".response").equals(record.key()) && messageId.equals(header(record, "rpc-in-reply-to"));
    }

    private static Set<String> list(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(",")).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
