package dev.milk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.milk.testing.DockerTest;
import dev.milk.testing.TimeScale;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Swarm stack a user deploys, on a real Docker Engine in swarm mode: converges, serves a raid
 * and an archive from every replica, scales, updates without a failed read, rolls back an update
 * that cannot become ready, survives a writer killed mid-ingest, and ships a lean non-root image.
 * The assertions are swarm-test/run.sh's steps (README, "Deploying on Docker Swarm"), each kept as
 * a line of target/swarm-test/stack-results.jsonl: this test holds the run to every one of them by
 * name, in order, and to the figures that have one right answer. Its log is target/swarm-test/stack.log.
 * The script stops itself past its time (scaled by MILK_TEST_TIME_SCALE).
 */
@DockerTest
class SwarmStackTest {

    /** Every assertion of swarm-test/steps, in the order they run. */
    private static final List<String> ASSERTIONS = List.of(
            "converged", "converged.postgres", "converged.kafka", "converged.writes", "converged.reads",
            "converged.migrations-once", "converged.reads-as-milk_reads", "converged.milk_reads-only-reads",
            "converged.reads-password-secret",
            "raid-and-archive.public-ids", "raid-and-archive.raid-on-every-replica",
            "raid-and-archive.archive-on-every-replica", "raid-and-archive.accounts",
            "edge.raid", "edge.archive", "edge.http10", "edge.no-management", "edge.only-edge-published",
            "edge.reads-health-on-8081", "edge.reads-no-management-on-8080", "edge.hurried-burst",
            "edge.hurried-limited", "edge.calm-served",
            "scaling.converged", "scaling.reads-serve", "scaling.raid-partition", "scaling.archive-partitions",
            "scaling.batch-twice-stored-once",
            "monitoring.writers", "monitoring.readers", "monitoring.readiness", "monitoring.raid-lag",
            "monitoring.alert-rules",
            "rolling-update.reads", "rolling-update.writes", "rolling-update.converged", "rolling-update.reads-image",
            "rolling-update.writes-image", "rolling-update.reads-served", "rolling-update.no-failed-read",
            "rollback.reads", "rollback.writes", "rollback.converged", "rollback.reads-image", "rollback.writes-image",
            "rollback.reads-serve",
            "kill.under-way", "kill.replaced", "kill.stored-once",
            "image.non-root", "image.no-embedded-services");

    /** The figures with one right answer, checked here as well as by the script. */
    private static final Map<String, String> FIGURES = Map.ofEntries(
            Map.entry("converged.postgres", "1/1"), Map.entry("converged.kafka", "1/1"),
            Map.entry("converged.writes", "2/2"), Map.entry("converged.reads", "3/3"),
            Map.entry("converged.migrations-once", "1/true/0"), Map.entry("converged.milk_reads-only-reads",
                    "archive_view,archive_view_count,spring_session,spring_session_attributes"),
            Map.entry("converged.reads-password-secret", "milk_reads_password file"),
            Map.entry("raid-and-archive.raid-on-every-replica", "200 200 200"),
            Map.entry("raid-and-archive.archive-on-every-replica", "200 200 200"),
            Map.entry("raid-and-archive.accounts", "1000/1000"),
            Map.entry("edge.raid", "200"), Map.entry("edge.archive", "200"), Map.entry("edge.http10", "200"),
            Map.entry("edge.no-management", "404"), Map.entry("edge.only-edge-published", "milktest_edge"),
            Map.entry("edge.reads-health-on-8081", "200"), Map.entry("edge.reads-no-management-on-8080", "404"),
            Map.entry("edge.calm-served", "60 of 60"),
            Map.entry("scaling.reads-serve", "200 200 200 200 200"),
            Map.entry("scaling.batch-twice-stored-once", "1000/1000"),
            Map.entry("rolling-update.reads-image", "milk-test/milk:2"),
            Map.entry("rolling-update.writes-image", "milk-test/milk:2"),
            Map.entry("rolling-update.no-failed-read", "0"),
            Map.entry("rollback.reads-image", "milk-test/milk:2"), Map.entry("rollback.writes-image", "milk-test/milk:2"),
            Map.entry("rollback.reads-serve", "200 200 200 200 200"),
            Map.entry("kill.stored-once", "1000000/1000000/1000000"),
            Map.entry("image.no-embedded-services", "0"));

    /** One line of the results: what was checked, the figure seen, the figure expected, the verdict. */
    record Assertion(String id, String check, String figure, String expected, boolean passed) {
    }

    @Test
    void theStackDeploysScalesUpdatesAndRecovers() throws IOException {
        SwarmTestScript.images();
        SwarmTestScript.Result result = SwarmTestScript.run("stack", TimeScale.of(Duration.ofMinutes(35)));
        List<Assertion> assertions = read();
        assertThat(assertions).as("assertions that failed (swarm-test/run.sh stack:\n%s)", result.tail())
                .filteredOn(a -> !a.passed()).isEmpty();
        assertThat(assertions).extracting(Assertion::id).as("the assertions made, in order (swarm-test/run.sh stack:\n%s)",
                result.tail()).containsExactlyElementsOf(ASSERTIONS);
        Map<String, String> figures = assertions.stream().filter(a -> FIGURES.containsKey(a.id()))
                .collect(Collectors.toMap(Assertion::id, Assertion::figure, (a, b) -> b, LinkedHashMap::new));
        assertThat(figures).as("the figures with one right answer").containsExactlyInAnyOrderEntriesOf(FIGURES);
        assertThat(result.status()).as("swarm-test/run.sh stack:\n%s", result.tail()).isZero();
        assertThat(result.output()).contains("PASSED in").contains(ASSERTIONS.size() + " assertions");
    }

    /** The results file; none when the run stopped before its first assertion. */
    private static List<Assertion> read() throws IOException {
        var json = JsonMapper.builder().build();
        if (!Files.exists(SwarmTestScript.results("stack"))) {
            return List.of();
        }
        return Files.readAllLines(SwarmTestScript.results("stack")).stream()
                .map(line -> json.readValue(line, Assertion.class)).toList();
    }
}
