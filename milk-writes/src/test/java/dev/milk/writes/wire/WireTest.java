package dev.milk.writes.wire;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.testing.MilkTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;

/** What both wire generations' tests look at: what Milk stored, and what it skipped. */
abstract class WireTest {

    static {
        MilkTestInfrastructure.install();
    }

    static final String GUILD = "81384788765712384";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    /** The raid's public id, or null when Milk never stored it. */
    String storedPublicId(String raid) {
        return jdbc.query("SELECT public_id FROM raid WHERE internal_id = ?", rs -> rs.next() ? rs.getString(1) : null,
                raid);
    }

    String storedArchivePublicId(String archive) {
        return jdbc.queryForObject("SELECT public_id FROM archive WHERE internal_id = ?", String.class, archive);
    }

    double skipped(String topic, String reason) {
        return meters.find("milk.events.skipped").tag("topic", topic).tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
