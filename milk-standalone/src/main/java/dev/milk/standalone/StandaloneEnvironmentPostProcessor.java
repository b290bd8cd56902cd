package dev.milk.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import dev.milk.settings.MilkEnvironmentPostProcessor;
import dev.milk.settings.MilkRole;

/**
 * Milk on a machine with only a JDK: in role {@code all}, a missing {@code MILK_DATABASE_URL}
 * starts an embedded PostgreSQL (data kept in {@code MILK_STANDALONE_DATA_DIR}) and a missing
 * {@code MILK_KAFKA_BOOTSTRAP_SERVERS} an in-process Kafka KRaft broker. Only in a local build:
 * the Docker image leaves this module out, and the production roles never fall back
 * ({@link dev.milk.settings.RequiredSettings} then names what is missing).
 */
public final class StandaloneEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Deferred: this runs before logging is set up, and Boot replays these lines once it is. */
    private final Log log;

    public StandaloneEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(StandaloneEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (MilkRole.of(environment) != MilkRole.ALL) {
            return;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, AutoCloseable> services = new LinkedHashMap<>();

        Path dataDir = Path.of(environment.getProperty("milk.standalone.data-dir", "milk-data"));
        if (!has(environment, "milk.database.url")) {
            StandalonePostgres postgres = StandalonePostgres.start(dataDir.resolve("postgres"));
            settings.put("milk.database.url", postgres.jdbcUrl());
            settings.put("milk.database.username", StandalonePostgres.USER);
            services.put("standalonePostgres", postgres);
            log.info("Standalone PostgreSQL started, data in " + dataDir.resolve("postgres").toAbsolutePath());
        }
        if (!has(environment, "milk.kafka.bootstrap-servers")) {
            int port = environment.getProperty("milk.standalone.kafka-port", Integer.class, 9092);
            StandaloneKafka kafka = StandaloneKafka.start(dataDir.resolve("kafka"), port);
            settings.put("milk.kafka.bootstrap-servers", kafka.bootstrapServers());
            services.put("standaloneKafka", kafka);
            log.info("Standalone Kafka started; bots connect to " + kafka.bootstrapServers()
                    + ", data in " + dataDir.resolve("kafka").toAbsolutePath());
        }
        if (settings.isEmpty()) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("milkStandalone", settings));
        // Registered first, destroyed last: consumers and pools close before the services under them.
        application.addInitializers(context -> {
            var beans = (DefaultListableBeanFactory) context.getBeanFactory();
            services.forEach((name, service) -> {
                beans.registerSingleton(name, service);
                beans.registerDisposableBean(name, service::close);
            });
        });
    }

    private static boolean has(ConfigurableEnvironment environment, String property) {
        return StringUtils.hasText(environment.getProperty(property));
    }

    @Override
    public int getOrder() {
        return MilkEnvironmentPostProcessor.ORDER + 1;
    }
}
