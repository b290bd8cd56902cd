package dev.milk.operations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Readiness as a gauge ({@code milk_readiness}: 1 ready, 0 not), so Prometheus can alert on a task
 * that answers but cannot serve: Swarm's health check only keeps traffic away from it. Read at
 * each scrape, from the same group Swarm's health check asks.
 */
@Configuration(proxyBeanMethods = false)
public class ReadinessMetrics {

    @Bean
    MeterBinder readinessGauge(ObjectProvider<HealthEndpoint> health) {
        return registry -> health.ifAvailable(endpoint -> Gauge.builder("milk.readiness", endpoint, ReadinessMetrics::ready)
                .description("1 when the task is ready to serve (/actuator/health/readiness), 0 when not")
                .strongReference(true).register(registry));
    }

    private static double ready(HealthEndpoint health) {
        HealthDescriptor readiness = health.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
    }
}
