package dev.milk.writes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.milk.settings.HostName;
import dev.milk.settings.SettingChecks;
import dev.milk.wire.BrokerIdentity;

/**
 * Settings of the writes role.
 *
 * @param groupId        prefix of the writers' Kafka consumer groups, one per topic ({@code MILK_WRITES_GROUP_ID})
 * @param clusterId      generation 1 of Beemo's broker wire: the cluster id Milk is addressed by and
 *                       answers as ({@code MILK_WRITES_CLUSTER_ID}, {@code -5} as in the original Milk)
 * @param serviceName    generation 2: the service name Milk is addressed by and answers as
 *                       ({@code MILK_WRITES_SERVICE_NAME})
 * @param instanceId     generation 2: this replica's {@code source-instance} in replies
 *                       ({@code MILK_WRITES_INSTANCE_ID}; empty: the host name, a Swarm task's own)
 * @param maxRecordBytes larger records go to the dead-letter topic; topics Milk creates accept this
 *                       much ({@code MILK_WRITES_MAX_RECORD_BYTES})
 * @param maxPollRecords records per batch and transaction ({@code MILK_WRITES_MAX_POLL_RECORDS})
 * @param raid           the raid topic ({@code MILK_WRITES_RAID_TOPIC}, {@code _PARTITIONS},
 *                       {@code _CONCURRENCY}, {@code _GROUP_ID})
 * @param archive        the archive topic ({@code MILK_WRITES_ARCHIVE_TOPIC}, {@code _PARTITIONS},
 *                       {@code _CONCURRENCY}, {@code _GROUP_ID}, {@code _PURGE_INTERVAL},
 *                       {@code _SEARCH_INDEX_INTERVAL})
 */
@ConfigurationProperties("milk.writes")
public record WritesProperties(
        @DefaultValue("milk-writes") String groupId,
        @DefaultValue("-5") String clusterId,
        @DefaultValue("milk") String serviceName,
        @DefaultValue("") String instanceId,
        @DefaultValue("4194304") int maxRecordBytes,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue RaidTopic raid,
        @DefaultValue ArchiveTopic archive) {

    public WritesProperties {
        requireText(groupId, "MILK_WRITES_GROUP_ID");
        requireName(clusterId, "MILK_WRITES_CLUSTER_ID");
        requireName(serviceName, "MILK_WRITES_SERVICE_NAME");
        requirePositive(maxRecordBytes, "MILK_WRITES_MAX_RECORD_BYTES");
        requirePositive(maxPollRecords, "MILK_WRITES_MAX_POLL_RECORDS");
    }

    /** Milk on Beemo's broker wire; without an instance id, this host's name. */
    public BrokerIdentity identity() {
        String instance = instanceId == null || instanceId.isBlank() ? HostName.of() : instanceId.strip();
        return new BrokerIdentity(clusterId.strip(), serviceName.strip(), instance);
    }

    /**
     * The largest dead letter sent whole, the producer's and Milk's dead-letter topics' limit: a
     * dead letter is the record plus the reason's headers, so twice the largest record accepted.
     * A larger one is sent shortened.
     */
    public int deadLetterBytes() {
        return 2 * maxRecordBytes;
    }

    /**
     * One consumer group per topic, {@code <MILK_WRITES_GROUP_ID>.<topic>} unless the topic names
     * its own: a rebalance among the raid consumers never pauses the archive consumers, and each
     * topic's offsets can be inspected and reset on their own.
     */
    public String groupOf(ConsumedTopic consumed) {
        return consumed.groupId().isBlank() ? groupId + "." + consumed.topic() : consumed.groupId();
    }

    /** A topic Milk consumes, each with its own consumer group. */
    public sealed interface ConsumedTopic {

        String topic();

        /** Used when Milk creates the topic. */
        int partitions();

        /** Consumers per replica. */
        int concurrency();

        /** The consumer group, when not the default. */
        String groupId();
    }

    /**
     * @param partitions  used when Milk creates the topic. The raid protocol keys records by action,
     *                    so one raid's records spread over partitions and may be reordered; one
     *                    partition keeps them in order and a single consumer stores ~200k accounts/s.
     * @param concurrency consumers per replica
     * @param groupId     the consumer group, when not the default: {@code milk} continues from the
     *                    offsets the original Milk committed, so nothing it answered is replayed
     */
    public record RaidTopic(@DefaultValue("raid-management") String topic, @DefaultValue("1") int partitions,
            @DefaultValue("1") int concurrency, @DefaultValue("") String groupId) implements ConsumedTopic {

        public RaidTopic {
            requireText(topic, "MILK_WRITES_RAID_TOPIC");
            requirePositive(partitions, "MILK_WRITES_RAID_PARTITIONS");
            requirePositive(concurrency, "MILK_WRITES_RAID_CONCURRENCY");
        }
    }

    /**
     * @param partitions    used when Milk creates the topic; records are keyed by archive id, so
     *                      archives spread over partitions and writers in order
     * @param purgeInterval       how often each writer looks for expired archives to purge
     * @param searchIndexInterval how often each writer looks for sealed archives, and live archives'
     *                            next chunks, to index for search
     */
    public record ArchiveTopic(@DefaultValue("message-archives") String topic, @DefaultValue("6") int partitions,
            @DefaultValue("1") int concurrency, @DefaultValue("") String groupId,
            @DefaultValue("60s") Duration purgeInterval, @DefaultValue("5s") Duration searchIndexInterval)
            implements ConsumedTopic {

        public ArchiveTopic {
            requireText(topic, "MILK_WRITES_ARCHIVE_TOPIC");
            requirePositive(partitions, "MILK_WRITES_ARCHIVE_PARTITIONS");
            requirePositive(concurrency, "MILK_WRITES_ARCHIVE_CONCURRENCY");
            SettingChecks.requirePositive(purgeInterval, "MILK_WRITES_ARCHIVE_PURGE_INTERVAL");
            SettingChecks.requirePositive(searchIndexInterval, "MILK_WRITES_ARCHIVE_SEARCH_INDEX_INTERVAL");
        }
    }

    private static void requireText(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " must not be empty");
        }
    }

    /** Names travel in comma-separated header lists: a comma would make one name two. */
    private static void requireName(String value, String variable) {
        requireText(value, variable);
        if (value.contains(",")) {
            throw new IllegalArgumentException(variable + " must not contain ','");
        }
    }

    private static void requirePositive(int value, String variable) {
        if (value <= 0) {
            throw new IllegalArgumentException(variable + " must be positive, not " + value);
        }
    }
}
