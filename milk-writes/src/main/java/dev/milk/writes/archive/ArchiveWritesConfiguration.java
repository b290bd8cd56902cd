package dev.milk.writes.archive;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import dev.milk.writes.intake.TopicIntake;
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
    KafkaAdmin.NewTopics archiveTopics() {
        return TopicIntake.topics(writes.archive().topic(), writes.archive().partitions(), writes);
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
        return TopicIntake.consumer(milkListenerFactory, intake, archiveEvents, writes.archive().topic(),
                writes.archiveGroup(), writes.archive().concurrency());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        var expiry = new ArchiveExpiry(jdbc, meters.counter("milk.archive.expired.purged"));
        tasks.addFixedDelayTask(() -> transactions.executeWithoutResult(status -> expiry.purge()),
                writes.archive().purgeInterval());
    }
}
