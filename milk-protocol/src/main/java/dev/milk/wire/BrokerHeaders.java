package dev.milk.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record headers of Beemo's broker library (beemobot/cafe), both generations. Every value is
 * UTF-8 text; lists are comma-separated, and an empty list means "everyone".
 */
public final class BrokerHeaders {

    // Generation 1, water (water/src/broker/IBrokerMessageHeaders.ts).
    public static final String CLIENT_ID = "client-id";
    public static final String REQUEST_ID = "request-id";
    public static final String SOURCE_CLUSTER = "source-cluster";
    public static final String TARGET_CLUSTERS = "target-clusters";

    // Generation 2, latte (latte/.../broker/BrokerMessageHeaders.kt and rpc/RpcMessageHeaders.kt).
    public static final String SOURCE_SERVICE = "source-service";
    public static final String SOURCE_INSTANCE = "source-instance";
    public static final String TARGET_SERVICES = "target-services";
    public static final String TARGET_INSTANCES = "target-instances";
    public static final String MESSAGE_ID = "message-id";
    public static final String RPC_IN_REPLY_TO = "rpc-in-reply-to";
    public static final String RPC_RESPONSE_STATUS = "rpc-response-status";
    public static final String RPC_IS_EXCEPTION = "rpc-is-exception";
    public static final String RPC_IS_UPDATE = "rpc-is-update";

    private BrokerHeaders() {
    }

    /** The last value of {@code name}, or null when the record has no such header. */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A comma-separated header as a set; missing or empty is the empty set. */
    public static Set<String> list(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? Set.of() : Arrays.stream(value.split(",")).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static void put(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
