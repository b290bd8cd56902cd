package dev.milk.writes.intake;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Milk's topics, made again until they are. Spring's {@link KafkaAdmin} tries once, as the writer
 * starts: a writer that started before Kafka, or before enough brokers registered to hold a topic's
 * replicas, would otherwise consume topics that are never made (its consumers do not ask brokers to
 * make them), or that a broker made with its own partition count. Until they are made the writer is
 * not ready ({@link KafkaHealthIndicator}).
 */
final class TopicCreation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicCreation.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    /** Between two tries; a try itself may wait spring.kafka.admin.operation-timeout more than once. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(15);

    private final KafkaAdmin admin;
    private volatile boolean made;
    private volatile String lastFailure;
    private volatile Thread retries;

    TopicCreation(KafkaAdmin admin) {
        this.admin = admin;
    }

    boolean made() {
        return made;
    }

    /** Why the last try failed, or null when none has. */
    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void start() {
        retries = Thread.ofVirtual().name("milk-topic-creation").start(this::makeUntilMade);
    }

    private void makeUntilMade() {
        Duration wait = FIRST_WAIT;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                // False only when interrupted (the writer stopping): Milk always has topics to make.
                if (admin.initialize() && !Thread.currentThread().isInterrupted()) {
                    made = true;
                    if (lastFailure != null) {
                        log.info("Milk's topics are made, after: {}", lastFailure);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                String reason = rootMessage(e);
                if (!reason.equals(lastFailure)) {
                    log.warn("Milk's topics cannot be made yet (trying again, {} s apart at most): {}",
                            LONGEST_WAIT.toSeconds(), reason);
                }
                lastFailure = reason;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getSimpleName() + " (no answer within spring.kafka.admin.operation-timeout)"
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void stop() {
        Thread running = retries;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        Thread running = retries;
        return running != null && running.isAlive();
    }
}
