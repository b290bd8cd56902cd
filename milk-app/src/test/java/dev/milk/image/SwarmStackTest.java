package dev.milk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.milk.testing.DockerTest;
import dev.milk.testing.TimeScale;

/**
 * The Swarm stack a user deploys, on a real Docker Engine in swarm mode: converges, serves a raid
 * and an archive from every replica, scales, updates without a failed read, rolls back an update
 * that cannot become ready, survives a writer killed mid-ingest, and ships a lean non-root image.
 * The assertions are swarm-test/run.sh's (README, "Deploying on Docker Swarm"); its log is in
 * target/swarm-test/stack.log. The script stops itself past its time (scaled by MILK_TEST_TIME_SCALE).
 */
@DockerTest
class SwarmStackTest {

    @Test
    void theStackDeploysScalesUpdatesAndRecovers() {
        SwarmTestScript.images();
        SwarmTestScript.Result result = SwarmTestScript.run("stack", TimeScale.of(Duration.ofMinutes(35)));
        assertThat(result.status()).as("swarm-test/run.sh stack:\n%s", result.tail()).isZero();
        assertThat(result.output()).contains("PASSED");
    }
}
