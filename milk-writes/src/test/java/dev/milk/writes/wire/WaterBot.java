package dev.milk.writes.wire;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Generation 1 (water/src/broker): {@code KafkaMessageHeaders.serialize()} for what is sent;
 * {@code KafkaConnection.handleIncomingRecord} and {@code BrokerClient.sendClusterRequest} for
 * what is read: the key {@code <key>-response}, the same {@code request-id}, addressed to this
 * cluster or to everyone, and not from this cluster.
 */
final class WaterBot extends BeemoBot {

    private final String clientId;
    private final String clusterId;

    WaterBot(String topic, String clientId, String clusterId) {
        super(topic);
        this.clientId = clientId;
        this.clusterId = clusterId;
    }

    /** A request to every cluster, as {@code sendClusterRequest} sends it by default. */
    String request(String key, String value) {
        return request(key, value, "");
    }

    @Override
    Map<String, String> requestHeaders(String requestId, String targetClusters) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("client-id", clientId);
        headers.put("target-clusters", targetClusters);
        headers.put("request-id", requestId);
        headers.put("source-cluster", clusterId);
        return headers;
    }

    @Override
    boolean readsAsReply(ConsumerRecord<String, byte[]> record, String key, String requestId) {
        if (record.key() == null || record.value() == null || record.value().length == 0) {
            return false;
        }
        Set<String> targets = Arrays.stream(String.valueOf(header(record, "target-clusters")).split(","))
                .filter(s -> !s.isEmpty() && !s.equals("null")).collect(Collectors.toSet());
        if (!targets.isEmpty() && !targets.contains(clusterId)) {
            return false;
        }
        if (clusterId.equals(header(record, "source-cluster"))) {
            return false;
        }
        return record.key().equals(key + "-response") && requestId.equals(header(record, "request-id"));
    }
}
