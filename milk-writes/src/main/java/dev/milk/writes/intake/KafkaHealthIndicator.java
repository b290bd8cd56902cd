package dev.milk.writes.intake;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Readiness of a writer: it is only useful while it can reach the Kafka cluster. */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final TopicCreation topics;

    /** {@code topics} is null when the operator makes Milk's topics ({@code spring.kafka.admin.auto-create=false}). */
    KafkaHealthIndicator(Admin admin, TopicCreation topics) {
        super("Kafka is unreachable");
        this.admin = admin;
        this.topics = topics;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        health.withDetail("clusterId", clusterId).withDetail("brokers", brokers);
        if (topics != null && !topics.made()) {
            String failure = topics.lastFailure();
            health.down().withDetail("topics", failure == null ? "being made" : "not made yet: " + failure);
        } else {
            health.up();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
