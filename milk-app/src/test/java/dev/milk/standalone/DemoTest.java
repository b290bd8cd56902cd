package dev.milk.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkApplication;
import dev.milk.raid.RaidUser;
import dev.milk.testing.MilkTestInfrastructure;

/** {@code --demo} publishes its raids and archive through Kafka, like a bot, and they are stored in full. */
class DemoTest {

    static {
        MilkTestInfrastructure.install();
    }

    @Test
    void theDemoFeedsARaidOfFiftyThousandALiveRaidAndAnArchive() throws Exception {
        try (var milk = new SpringApplicationBuilder(MilkApplication.class)
                .run("--milk.role=all", "--milk.http.port=0", "--demo")) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline) && jdbc.queryForObject(
                    "SELECT count(*) FROM raid WHERE internal_id = ? AND concluded_at IS NOT NULL", Integer.class,
                    DemoFeeder.WAVE_RAID) == 0) {
                Thread.sleep(250);
            }
            assertThat(jdbc.queryForObject("SELECT user_count FROM raid WHERE internal_id = ?", Integer.class,
                    DemoFeeder.WAVE_RAID)).isEqualTo(DemoFeeder.WAVE_ACCOUNTS);
            while (Instant.now().isBefore(deadline) && jdbc.queryForObject(
                    "SELECT count(*) FROM archive WHERE internal_id = ? AND sealed_at IS NOT NULL", Integer.class,
                    DemoArchive.ARCHIVE_ID) == 0) {
                Thread.sleep(250);
            }
            assertThat(jdbc.queryForObject("SELECT message_count FROM archive WHERE internal_id = ?", Integer.class,
                    DemoArchive.ARCHIVE_ID)).isEqualTo(DemoArchive.MESSAGES);
            assertThat(jdbc.queryForList("""
                    SELECT 'version' FROM archive_message_version v JOIN archive a ON a.id = v.archive_id
                    WHERE a.internal_id = ?
                    UNION ALL
                    SELECT 'removal: ' || r.reason FROM archive_redaction r JOIN archive a ON a.id = r.archive_id
                    WHERE a.internal_id = ?""", String.class, DemoArchive.ARCHIVE_ID, DemoArchive.ARCHIVE_ID))
                    .as("the demo shows an edit's history and a removal")
                    .containsExactlyInAnyOrder("version", "removal: Personal information, removed on request");
        }
    }

    @Test
    void demoAccountsComeInWavesWithDistinctIds() {
        List<RaidUser> accounts = DemoFeeder.accounts(new java.util.Random(42), DemoFeeder.WAVE_ACCOUNTS,
                Instant.parse("2026-11-20T21:14:03.250Z"));
        assertThat(new HashSet<>(accounts.stream().map(RaidUser::id).toList())).hasSize(DemoFeeder.WAVE_ACCOUNTS);
        long distinctJoins = accounts.stream().map(RaidUser::joinedAtMillis).distinct().count();
        assertThat(distinctJoins).as("bursts share join times").isLessThan(DemoFeeder.WAVE_ACCOUNTS / 100);
        assertThat(accounts).extracting(RaidUser::name).contains("<script>alert('milk')</script>");
    }
}
