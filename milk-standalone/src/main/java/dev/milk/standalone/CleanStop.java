package dev.milk.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Ctrl-C or a stop signal is how a run of README's first command ends, so it exits with 0 once
 * everything has closed. The JVM would exit with 128 + the signal's number, and Maven's
 * {@code spring-boot:run}, which stops its child with SIGTERM when it was interrupted alone,
 * would end an orderly stop in "BUILD FAILURE".
 *
 * <p>Registered once Milk is ready, so a start-up that fails keeps its non-zero status; Boot runs
 * its shutdown handlers after every context has closed, so nothing is cut short.
 */
final class CleanStop implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        SpringApplication.getShutdownHandlers().add(() -> Runtime.getRuntime().halt(0));
    }
}
