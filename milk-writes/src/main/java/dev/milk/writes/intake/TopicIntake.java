package dev.milk.writes.intake;

import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import dev.milk.writes.WritesProperties;

/** What every consumed topic gets: itself and its dead-letter topic. */
public final class TopicIntake {

    private TopicIntake() {
    }

    /** Where a topic's refused records go, with the reason in their headers. */
    public static String deadLetterTopic(String topic) {
        return topic + ".DLT";
    }

    /** The topic and its dead-letter topic, created at start-up when missing. */
    public static KafkaAdmin.NewTopics topics(WritesProperties.ConsumedTopic consumed, WritesProperties writes) {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(consumed.topic()).partitions(consumed.partitions())
                        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(writes.maxRecordBytes()))
                        .build(),
                TopicBuilder.name(deadLetterTopic(consumed.topic())).partitions(consumed.partitions())
                        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(writes.deadLetterBytes()))
                        .build());
    }
}
