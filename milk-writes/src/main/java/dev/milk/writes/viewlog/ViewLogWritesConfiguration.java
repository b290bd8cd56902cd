package dev.milk.writes.viewlog;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.access.ArchiveViewRepository;

/**
 * The viewer log's purge, hourly on every writer (the first a minute after start): a view lives
 * at most its retention and an hour.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ViewLogProperties.class)
public class ViewLogWritesConfiguration implements SchedulingConfigurer {

    private static final Duration INTERVAL = Duration.ofHours(1);
    /** Not at start-up, where it would wait for JPA and meet a stop a moment later; soon after. */
    private static final Duration FIRST = Duration.ofMinutes(1);

    private final ViewLogPurge purge;

    ViewLogWritesConfiguration(ArchiveViewRepository views, ViewLogProperties settings, MeterRegistry meters) {
        this.purge = new ViewLogPurge(views, settings.retention(), Clock.systemUTC(),
                meters.counter("milk.view.log.purged"));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(purge::purge, INTERVAL, FIRST));
    }
}
