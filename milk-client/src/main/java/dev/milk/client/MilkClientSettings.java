package dev.milk.client;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * How a bot reaches Milk. The client speaks generation 2 of Beemo's broker wire (latte RPC): each
 * request names {@code service} and {@code instance} as its source and {@code milkService} as its
 * target, and Milk's reply is addressed back to exactly this instance.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic            the topic requests go to and replies come back on
 * @param replyTimeout     how long a request waits for its reply before its future fails
 * @param kafka            extra Kafka client properties (security, client id, ...)
 * @param service          the bot's service name, sent as {@code source-service}
 * @param instance         this client's instance id, sent as {@code source-instance}
 * @param milkService      the service name Milk answers to ({@code MILK_WRITES_SERVICE_NAME})
 */
public record MilkClientSettings(String bootstrapServers, String topic, Duration replyTimeout,
        Map<String, Object> kafka, String service, String instance, String milkService) {

    public static final String RAID_TOPIC = "raid-management";
    public static final String ARCHIVE_TOPIC = "message-archives";
    public static final String DEFAULT_SERVICE = "milk-client";
    public static final String MILK_SERVICE = "milk";

    public MilkClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is required");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
        if (replyTimeout == null || replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("replyTimeout must be positive");
        }
        requireName(service, "service");
        requireName(instance, "instance");
        requireName(milkService, "milkService");
        kafka = Map.copyOf(kafka);
    }

    public static MilkClientSettings raids(String bootstrapServers) {
        return defaults(bootstrapServers, RAID_TOPIC);
    }

    public static MilkClientSettings archives(String bootstrapServers) {
        return defaults(bootstrapServers, ARCHIVE_TOPIC);
    }

    private static MilkClientSettings defaults(String bootstrapServers, String topic) {
        return new MilkClientSettings(bootstrapServers, topic, Duration.ofSeconds(30), Map.of(), DEFAULT_SERVICE,
                UUID.randomUUID().toString(), MILK_SERVICE);
    }

    public MilkClientSettings withTopic(String topic) {
        return new MilkClientSettings(bootstrapServers, topic, replyTimeout, kafka, service, instance, milkService);
    }

    public MilkClientSettings withReplyTimeout(Duration timeout) {
        return new MilkClientSettings(bootstrapServers, topic, timeout, kafka, service, instance, milkService);
    }

    /** The bot's own service and instance names, as its other latte clients send them. */
    public MilkClientSettings withSource(String service, String instance) {
        return new MilkClientSettings(bootstrapServers, topic, replyTimeout, kafka, service, instance, milkService);
    }

    public MilkClientSettings withMilkService(String milkService) {
        return new MilkClientSettings(bootstrapServers, topic, replyTimeout, kafka, service, instance, milkService);
    }

    /** Names travel in comma-separated header lists: a comma would make one name two. */
    private static void requireName(String value, String what) {
        if (value == null || value.isBlank() || value.contains(",")) {
            throw new IllegalArgumentException(what + " must be a non-empty name without ','");
        }
    }
}
