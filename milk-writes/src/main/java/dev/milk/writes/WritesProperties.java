package dev.milk.writes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the writes role.
 *
 * @param groupId        prefix of the writers' Kafka consumer groups, one per topic ({@code MILK_WRITES_GROUP_ID})
 * @param maxRecordBytes larger records go to the dead-letter topic; topics Milk creates accept this
 *                       much ({@code MILK_WRITES_MAX_RECORD_BYTES})
 * @param maxPollRecords records per batch and transaction ({@code MILK_WRITES_MAX_POLL_RECORDS})
 * @param raid           the raid topic ({@code MILK_WRITES_RAID_TOPIC}, {@code _PARTITIONS},
 *                       {@code _CONCURRENCY})
 * @param archive        the archive topic ({@code MILK_WRITES_ARCHIVE_TOPIC}, {@code _PARTITIONS},
 *                       {@code _CONCURRENCY}, {@code _PURGE_INTERVAL})
 */
@ConfigurationProperties("milk.writes")
public record WritesProperties(
        @DefaultValue("milk-writes") String groupId,
        @DefaultValue("4194304") int maxRecordBytes,
        @DefaultValue("100") int maxPollRecords,
        @DefaultValue Topic raid,
        @DefaultValue Archive archive) {

    public WritesProperties {
        requireText(groupId, "MILK_WRITES_GROUP_ID");
        requirePositive(maxRecordBytes, "MILK_WRITES_MAX_RECORD_BYTES");
        requirePositive(maxPollRecords, "MILK_WRITES_MAX_POLL_RECORDS");
    }

    /**
     * One consumer group per topic: a rebalance among the raid consumers never pauses the archive
     * consumers, and each topic's offsets can be inspected and reset on their own.
     */
    public String groupFor(String topic) {
        return groupId + "." + topic;
    }

    /**
     * @param partitions  used when Milk creates the topic. The raid protocol keys records by action,
     *                    so one raid's records spread over partitions and may be reordered; one
     *                    partition keeps them in order and a single consumer stores ~200k accounts/s.
     * @param concurrency consumers per replica
     */
    public record Topic(@DefaultValue("raid-management") String topic, @DefaultValue("1") int partitions,
            @DefaultValue("1") int concurrency) {

        public Topic {
            requireText(topic, "MILK_WRITES_RAID_TOPIC");
            requirePositive(partitions, "MILK_WRITES_RAID_PARTITIONS");
            requirePositive(concurrency, "MILK_WRITES_RAID_CONCURRENCY");
        }

        public String deadLetterTopic() {
            return topic + ".DLT";
        }
    }

    /**
     * @param partitions    used when Milk creates the topic; records are keyed by archive id, so
     *                      archives spread over partitions and writers in order
     * @param purgeInterval how often each writer looks for expired archives to purge
     */
    public record Archive(@DefaultValue("message-archives") String topic, @DefaultValue("6") int partitions,
            @DefaultValue("1") int concurrency, @DefaultValue("60s") Duration purgeInterval) {

        public Archive {
            requireText(topic, "MILK_WRITES_ARCHIVE_TOPIC");
            requirePositive(partitions, "MILK_WRITES_ARCHIVE_PARTITIONS");
            requirePositive(concurrency, "MILK_WRITES_ARCHIVE_CONCURRENCY");
            if (purgeInterval == null || purgeInterval.isNegative() || purgeInterval.isZero()) {
                throw new IllegalArgumentException("MILK_WRITES_ARCHIVE_PURGE_INTERVAL must be positive");
            }
        }
    }

    private static void requireText(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " must not be empty");
        }
    }

    private static void requirePositive(int value, String variable) {
        if (value <= 0) {
            throw new IllegalArgumentException(variable + " must be positive, not " + value);
        }
    }
}
