package dev.milk.writes.viewlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.milk.access.AccessAutoConfiguration;
import dev.milk.access.ArchiveViewRepository;
import dev.milk.writes.store.StoreSlice;

/** The viewer log's retention: views older than it are deleted, younger ones kept. */
@StoreSlice
// JPA as Milk starts it (spring.jpa.bootstrap=async builds it on the task executor).
@ImportAutoConfiguration({TaskExecutionAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
    AccessAutoConfiguration.class})
class ViewLogPurgeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Autowired
    private ArchiveViewRepository views;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void viewsOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        long archive = 900_001;
        view(archive, "too old", NOW.minus(Duration.ofDays(91)));
        view(archive, "just past it", NOW.minus(Duration.ofDays(90)).minusSeconds(1));
        view(archive, "within it", NOW.minus(Duration.ofDays(89)));
        view(archive, "today", NOW.minusSeconds(5));
        var registry = new SimpleMeterRegistry();
        var purge = new ViewLogPurge(views, retention(Map.of()), Clock.fixed(NOW, ZoneOffset.UTC),
                registry.counter("purged"));

        assertThat(purge.purge()).isEqualTo(2);

        assertThat(names(archive)).containsExactly("within it", "today");
        assertThat(registry.counter("purged").count()).isEqualTo(2);
        assertThat(purge.purge()).as("nothing more to purge").isZero();
    }

    @Test
    void theRetentionIsNinetyDaysUnlessSet() {
        assertThat(retention(Map.of())).isEqualTo(Duration.ofDays(90));
        assertThat(retention(Map.of("MILK_VIEW_LOG_RETENTION", "30d"))).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> retention(Map.of("MILK_VIEW_LOG_RETENTION", "0s"))).rootCause()
                .hasMessage("MILK_VIEW_LOG_RETENTION must be positive");
    }

    /** As Boot binds the setting from the environment. */
    private static Duration retention(Map<String, Object> environment) {
        var source = new SystemEnvironmentPropertySource("environment", environment);
        return new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("milk.view-log", ViewLogProperties.class).retention();
    }

    private void view(long archive, String name, Instant at) {
        jdbc.sql("""
                INSERT INTO archive_view (archive_id, viewed_at, viewer_id, viewer_name, route, replica)
                VALUES (:archive, :at, 1, :name, 'page', 'reads-1')""")
                .param("archive", archive).param("at", Timestamp.from(at)).param("name", name).update();
    }

    private List<String> names(long archive) {
        return jdbc.sql("SELECT viewer_name FROM archive_view WHERE archive_id = :archive ORDER BY id")
                .param("archive", archive).query(String.class).list();
    }
}
