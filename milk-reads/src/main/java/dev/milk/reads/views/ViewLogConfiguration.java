package dev.milk.reads.views;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.access.ArchiveViewRepository;
import dev.milk.reads.access.StaffOnly;
import dev.milk.settings.HostName;

/**
 * The viewer log: what the access decision tells it ({@link BatchedViewLog}, on the application's
 * writable DataSource) and the staff's page of it. The writers purge it
 * ({@code MILK_VIEW_LOG_RETENTION}): the reads role may not delete.
 */
@Configuration(proxyBeanMethods = false)
public class ViewLogConfiguration {

    @Bean
    BatchedViewLog viewLog(ArchiveViewRepository views, DataSource dataSource, MeterRegistry meters) {
        return new BatchedViewLog(views, dataSource, Clock.systemUTC(), HostName.of(), meters).start();
    }

    @Bean
    ViewsController viewsController(ArchiveViewRepository views, @Qualifier("reads") DataSource readsDataSource,
            StaffOnly staff) {
        return new ViewsController(views, readsDataSource, staff);
    }
}
