package dev.milk.standalone;

import java.time.Duration;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Ctrl-C or a stop signal is how a run of README's first command ends, so it exits with 0 once
 * everything has closed. The JVM would exit with 128 + the signal's number, and Maven's
 * {@code spring-boot:run}, which stops its child with SIGTERM when it was interrupted alone,
 * would end an orderly stop in "BUILD FAILURE".
 *
 * <p>A shutdown handler of Boot's, registered while the environment is prepared: Boot runs its
 * handlers after every context has closed, the last registered first, so logging's (registered
 * after this one) has already stopped. Only a Milk that became ready exits with 0: a start-up
 * that failed keeps its status.
 */
final class CleanStop implements ApplicationListener<ApplicationReadyEvent>, Runnable {

    private static final Duration POSTGRES_PATIENCE = Duration.ofSeconds(30);

    /** The embedded PostgreSQL, or null: its own JVM hook may still be stopping it when this runs. */
    private final StandalonePostgres postgres;
    private volatile boolean ready;

    CleanStop(StandalonePostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ready = true;
    }

    @Override
    public void run() {
        if (!ready) {
            return;
        }
        if (postgres != null) {
            postgres.awaitStopped(POSTGRES_PATIENCE);
        }
        Runtime.getRuntime().halt(0);
    }
}
