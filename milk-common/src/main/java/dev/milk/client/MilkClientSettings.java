package dev.milk.client;

import java.time.Duration;
import java.util.Map;

/**
 * How a bot reaches Milk.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic            the topic requests go to and replies come back on
 * @param replyTimeout     how long a request waits for its reply before its future fails
 * @param kafka            extra Kafka client properties (security, client id, ...)
 */
public record MilkClientSettings(String bootstrapServers, String topic, Duration replyTimeout,
        Map<String, Object> kafka) {

    public static final String RAID_TOPIC = "raid-management";
    public static final String ARCHIVE_TOPIC = "message-archives";

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
        kafka = Map.copyOf(kafka);
    }

    public static MilkClientSettings raids(String bootstrapServers) {
        return new MilkClientSettings(bootstrapServers, RAID_TOPIC, Duration.ofSeconds(30), Map.of());
    }

    public static MilkClientSettings archives(String bootstrapServers) {
        return new MilkClientSettings(bootstrapServers, ARCHIVE_TOPIC, Duration.ofSeconds(30), Map.of());
    }

    public MilkClientSettings withTopic(String topic) {
        return new MilkClientSettings(bootstrapServers, topic, replyTimeout, kafka);
    }

    public MilkClientSettings withReplyTimeout(Duration timeout) {
        return new MilkClientSettings(bootstrapServers, topic, timeout, kafka);
    }
}
