package dev.milk.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.data.repository.Repository;

/**
 * Makes the lazy repositories once the process is ready, on a thread of its own: readiness does
 * not wait for them, and the first request that needs one (a share link, the viewer log) finds it
 * made, or waits only for what is left of it. One that cannot be made (a broken mapping, a
 * database refusing the entities) takes the process out of service as a failed start did; one cut
 * short by the context closing (a stop soon after the start, a one-shot role) is no failure.
 */
final class RepositoriesWarmUp implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(RepositoriesWarmUp.class);

    private volatile boolean closing;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ContextClosedEvent) {
            closing = true;
        } else if (event instanceof ApplicationReadyEvent ready) {
            warmUp(ready.getApplicationContext());
        }
    }

    private void warmUp(ConfigurableApplicationContext context) {
        Thread.ofVirtual().name("repositories-warm-up").start(() -> {
            try {
                log.debug("Made {} repositories", context.getBeansOfType(Repository.class).size());
            } catch (RuntimeException e) {
                if (closing || !context.isActive()) {
                    log.debug("Repositories not made: the context is closing", e);
                } else {
                    log.error("The repositories could not be made; this process stops taking traffic", e);
                    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                }
            }
        });
    }
}
