package dev.milk.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.data.repository.Repository;

/**
 * Makes the lazy repositories once the process is ready, on a thread of its own: readiness does
 * not wait for them, and the first request that needs one (a share link, the viewer log) finds it
 * made, or waits only for what is left of it.
 */
final class RepositoriesWarmUp implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(RepositoriesWarmUp.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread.ofVirtual().name("repositories-warm-up").start(() -> {
            try {
                log.debug("Made {} repositories", event.getApplicationContext().getBeansOfType(Repository.class).size());
            } catch (RuntimeException e) {
                // A shutdown that began meanwhile; otherwise the first request that needs one fails the same way.
                log.warn("Could not make the repositories ahead of their first use", e);
            }
        });
    }
}
