package dev.milk.writes.raid;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;

import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import dev.milk.writes.intake.TopicIntake;
import dev.milk.writes.intake.TopicListener;
import io.micrometer.core.instrument.MeterRegistry;

/** The raid writer: the {@code raid-management} topic, its dead letters and its consumer. */
@Configuration(proxyBeanMethods = false)
public class RaidWritesConfiguration {

    /** The listener's id in Spring Kafka's registry. */
    public static final String LISTENER_ID = "milk-raids";

    @Bean
    KafkaAdmin.NewTopics raidTopics(WritesProperties writes) {
        return TopicIntake.topics(writes.raid(), writes);
    }

    @Bean
    RaidEvents raidEvents(JdbcTemplate jdbc, MeterRegistry meters) {
        var store = new RaidStore(jdbc, meters.counter("milk.raid.accounts.stored"));
        return new RaidEvents(store, Clock.systemUTC());
    }

    @Bean
    TopicListener<RaidRequestRecord> raidListener(BatchIntake intake, RaidEvents raidEvents, WritesProperties writes) {
        return new TopicListener<>(LISTENER_ID, intake, raidEvents, writes, writes.raid());
    }
}
