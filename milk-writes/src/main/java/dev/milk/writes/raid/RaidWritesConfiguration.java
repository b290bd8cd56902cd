package dev.milk.writes.raid;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import io.micrometer.core.instrument.MeterRegistry;

/** The raid writer: the {@code raid-management} topic, its dead letters and its consumer. */
@Configuration(proxyBeanMethods = false)
public class RaidWritesConfiguration {

    @Bean
    NewTopic raidTopic(WritesProperties writes) {
        return TopicBuilder.name(writes.raid().topic())
                .partitions(writes.raid().partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(writes.maxRecordBytes()))
                .build();
    }

    @Bean
    NewTopic raidDeadLetterTopic(WritesProperties writes) {
        return TopicBuilder.name(writes.raid().deadLetterTopic())
                .partitions(writes.raid().partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(2 * writes.maxRecordBytes()))
                .build();
    }

    @Bean
    RaidEvents raidEvents(JdbcTemplate jdbc, MeterRegistry meters) {
        var store = new RaidStore(jdbc, meters.counter("milk.raid.accounts.stored"));
        return new RaidEvents(store, Clock.systemUTC());
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> raidListener(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> milkListenerFactory, WritesProperties writes,
            BatchIntake intake, RaidEvents raidEvents) {
        var container = milkListenerFactory.createContainer(writes.raid().topic());
        container.getContainerProperties().setGroupId(writes.groupFor(writes.raid().topic()));
        container.getContainerProperties().setMessageListener(
                (BatchMessageListener<String, byte[]>) records -> intake.accept(records, raidEvents));
        container.setConcurrency(writes.raid().concurrency());
        return container;
    }
}
