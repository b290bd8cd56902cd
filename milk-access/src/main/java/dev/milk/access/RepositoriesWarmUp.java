package dev.milk.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationNotAllowedException;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.repository.Repository;

/**
 * Makes the lazy repositories once the process is ready, on a thread of its own: readiness does
 * not wait for them, and the first request that needs one (a share link, the viewer log) finds it
 * made, or waits only for what is left of it. One that cannot be made (a broken mapping, a
 * database refusing the entities) takes the process out of service as a failed start did.
 */
final class RepositoriesWarmUp implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(RepositoriesWarmUp.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        Thread.ofVirtual().name("repositories-warm-up").start(() -> {
            try {
                log.debug("Made {} repositories", context.getBeansOfType(Repository.class).size());
            } catch (BeanCreationNotAllowedException e) {
                // The context closes already: a one-shot role that finished, or a shutdown.
                log.debug("Repositories not made: the context is closing");
            } catch (RuntimeException e) {
                if (context.isActive()) {
                    log.error("The repositories could not be made; this process stops taking traffic", e);
                    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                }
            }
        });
    }
}
