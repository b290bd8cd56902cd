package dev.milk.writes.archive;

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
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import io.micrometer.core.instrument.MeterRegistry;

/** The archive writer: the {@code message-archives} topic, its dead letters, its consumer, expiry. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ArchiveWritesConfiguration implements SchedulingConfigurer {

    private final WritesProperties writes;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;

    ArchiveWritesConfiguration(WritesProperties writes, JdbcTemplate jdbc, MeterRegistry meters,
            TransactionTemplate transactions) {
        this.writes = writes;
        this.jdbc = jdbc;
        this.meters = meters;
        this.transactions = transactions;
    }

    @Bean
    NewTopic archiveTopic() {
        return TopicBuilder.name(writes.archive().topic())
                .partitions(writes.archive().partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(writes.maxRecordBytes()))
                .build();
    }

    @Bean
    NewTopic archiveDeadLetterTopic() {
        return TopicBuilder.name(writes.archive().topic() + ".DLT")
                .partitions(writes.archive().partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(2 * writes.maxRecordBytes()))
                .build();
    }

    @Bean
    ArchiveEvents archiveEvents() {
        var store = new ArchiveStore(jdbc, meters.counter("milk.archive.messages.stored"));
        return new ArchiveEvents(store, Clock.systemUTC());
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> archiveListener(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> milkListenerFactory, BatchIntake intake,
            ArchiveEvents archiveEvents) {
        var container = milkListenerFactory.createContainer(writes.archive().topic());
        container.getContainerProperties().setGroupId(writes.groupFor(writes.archive().topic()));
        container.getContainerProperties().setMessageListener(
                (BatchMessageListener<String, byte[]>) records -> intake.accept(records, archiveEvents));
        container.setConcurrency(writes.archive().concurrency());
        return container;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        var expiry = new ArchiveExpiry(jdbc, meters.counter("milk.archive.expired.purged"));
        tasks.addFixedDelayTask(() -> transactions.executeWithoutResult(status -> expiry.purge()),
                writes.archive().purgeInterval());
    }
}
