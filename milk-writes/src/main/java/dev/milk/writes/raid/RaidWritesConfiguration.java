package dev.milk.writes.raid;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import dev.milk.writes.intake.TopicIntake;
import io.micrometer.core.instrument.MeterRegistry;

/** The raid writer: the {@code raid-management} topic, its dead letters and its consumer. */
@Configuration(proxyBeanMethods = false)
public class RaidWritesConfiguration {

    @Bean
    KafkaAdmin.NewTopics raidTopics(WritesProperties writes) {
        return TopicIntake.topics(writes.raid().topic(), writes.raid().partitions(), writes);
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
        return TopicIntake.consumer(milkListenerFactory, intake, raidEvents, writes.raid().topic(),
                writes.raidGroup(), writes.raid().concurrency());
    }
}
