package dev.milk.writes;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.milk.media.MediaProperties;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;
import dev.milk.writes.archive.ArchiveWritesConfiguration;
import dev.milk.writes.intake.IntakeConfiguration;
import dev.milk.writes.raid.RaidWritesConfiguration;
import dev.milk.writes.viewlog.ViewLogWritesConfiguration;

/** The writes role: Kafka in, PostgreSQL out, on Boot's Kafka set-up. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnRole(MilkRole.WRITES)
@EnableConfigurationProperties({WritesProperties.class, MediaProperties.class})
@Import({IntakeConfiguration.class, RaidWritesConfiguration.class, ArchiveWritesConfiguration.class,
    ViewLogWritesConfiguration.class})
public class WritesAutoConfiguration {
}
