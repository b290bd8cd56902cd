package dev.milk.writes.intake;

import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import dev.milk.writes.WritesProperties;

/** What every consumed topic gets: itself and its dead-letter topic, and a batch consumer. */
public final class TopicIntake {

    private TopicIntake() {
    }

    /** The topic and {@code <topic>.DLT}, created at start-up when missing. */
    public static KafkaAdmin.NewTopics topics(String topic, int partitions, WritesProperties writes) {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(topic).partitions(partitions)
                        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(writes.maxRecordBytes()))
                        .build(),
                // A dead letter is the original record plus headers: room above the largest accepted record.
                TopicBuilder.name(topic + ".DLT").partitions(partitions)
                        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(2 * writes.maxRecordBytes()))
                        .build());
    }

    /** A batch consumer of {@code topic} in its own consumer group, feeding {@code handler}. */
    public static <E> ConcurrentMessageListenerContainer<String, byte[]> consumer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, BatchIntake intake,
            EventHandler<E> handler, String topic, String groupId, int concurrency) {
        var container = factory.createContainer(topic);
        container.getContainerProperties().setGroupId(groupId);
        container.getContainerProperties().setMessageListener(
                (BatchMessageListener<String, byte[]>) records -> intake.accept(records, handler));
        container.setConcurrency(concurrency);
        return container;
    }
}
