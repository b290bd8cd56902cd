package dev.milk.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import dev.milk.media.DiscordCdn;
import dev.milk.settings.MilkEnvironmentPostProcessor;
import dev.milk.settings.MilkRole;
import dev.milk.settings.SettingChecks;

/**
 * Milk on a machine with only a JDK: when asked ({@code MILK_EMBEDDED=true}, which README's run
 * command sets, or {@code --demo}) in role {@code all}, a missing {@code MILK_DATABASE_URL} starts
 * an embedded PostgreSQL (data kept in {@code MILK_STANDALONE_DATA_DIR}) and a missing
 * {@code MILK_KAFKA_BOOTSTRAP_SERVERS} an in-process Kafka KRaft broker. Never unasked: a
 * production jar whose database URL was forgotten must fail, not keep an operator's data in a
 * folder nobody backs up ({@link dev.milk.settings.RequiredSettings} then names what is missing).
 * The demo also starts its CDN ({@link DemoCdn}), and lets the media copier reach it for this run.
 * Only in a local build: the Docker image leaves this module out.
 * <p>
 * The services' addresses become {@code milk.database.*} and {@code milk.kafka.bootstrap-servers},
 * exactly as an operator's settings would, rather than {@code JdbcConnectionDetails} and
 * {@code KafkaConnectionDetails} beans: those reach only Boot's own auto-configuration (the
 * writer's pool, Flyway, Kafka's clients), while the reads pools, {@link dev.milk.settings.RequiredSettings}
 * (which runs before any bean exists) and the demo's feeder read the settings. One way, which
 * every consumer sees.
 */
public final class StandaloneEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Deferred: this runs before logging is set up, and Boot replays these lines once it is. */
    private final Log log;

    public StandaloneEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(StandaloneEnvironmentPostProcessor.class);
    }

    /** {@code MILK_EMBEDDED}: README's run command sets it. */
    static final String EMBEDDED_PROPERTY = "milk.embedded";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (MilkRole.of(environment) != MilkRole.ALL) {
            return;
        }
        boolean embedded = SettingChecks.flag(environment, EMBEDDED_PROPERTY);
        boolean demo = DemoSwitch.on(environment);
        if (!embedded && !demo) {
            return;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, AutoCloseable> services = new LinkedHashMap<>();

        Path dataDir = Path.of(environment.getProperty("milk.standalone.data-dir", "milk-data"));
        StandalonePostgres postgres = null;
        if (!has(environment, "milk.database.url")) {
            postgres = StandalonePostgres.start(dataDir.resolve("postgres"));
            settings.put("milk.database.url", postgres.jdbcUrl());
            settings.put("milk.database.username", StandalonePostgres.USER);
            services.put("standalonePostgres", postgres);
            log.info("Standalone PostgreSQL started, data in " + dataDir.resolve("postgres").toAbsolutePath());
        }
        if (!has(environment, "milk.kafka.bootstrap-servers")) {
            int port = environment.getProperty("milk.standalone.kafka-port", Integer.class, 9092);
            StandaloneKafka kafka = start(() -> StandaloneKafka.start(dataDir.resolve("kafka"), port), services.values());
            settings.put("milk.kafka.bootstrap-servers", kafka.bootstrapServers());
            services.put("standaloneKafka", kafka);
            log.info("Standalone Kafka started; bots connect to " + kafka.bootstrapServers()
                    + ", data in " + dataDir.resolve("kafka").toAbsolutePath());
        }
        if (demo) {
            DemoCdn cdn = start(DemoCdn::start, services.values());
            settings.putAll(demoMedia(environment, cdn));
            services.put("demoCdn", cdn);
            log.info("Demo CDN started on https://" + DemoCdn.HOST + ":" + cdn.port()
                    + "; Milk copies the demo archive's media from it");
        }
        if (embedded) {
            var stop = new CleanStop(postgres);
            application.addListeners(stop);
            SpringApplication.getShutdownHandlers().add(stop);
        }
        if (postgres != null) {
            // Spring runs its handlers after the contexts closed, the last added first: this one, before
            // the clean stop waits for it. The context stops the server itself (a bean destroyed last);
            // this stops it when the start failed before there was a context to.
            SpringApplication.getShutdownHandlers().add(postgres::closeQuietly);
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

    /**
     * For the demo's run only: the copier may fetch from the demo's CDN, on a loopback address, and
     * trusts its certificate, besides the hosts and networks already allowed.
     */
    private static Map<String, Object> demoMedia(ConfigurableEnvironment environment, DemoCdn cdn) {
        return Map.of(
                "milk.media.allowed-hosts", DemoCdn.allowed(environment.getProperty("milk.media.allowed-hosts",
                        String.join(",", DiscordCdn.HOSTS)), DemoCdn.HOST),
                "milk.media.allowed-networks", DemoCdn.allowed(environment.getProperty("milk.media.allowed-networks",
                        ""), DemoCdn.NETWORK),
                "milk.media.trust-store", cdn.trustStore().toString(),
                "milk.media.trust-store-password", cdn.trustStorePassword());
    }

    /** A service that cannot start stops those already started, or their processes would outlive Milk. */
    private static <T> T start(Supplier<T> starting, Iterable<AutoCloseable> started) {
        try {
            return starting.get();
        } catch (RuntimeException e) {
            for (AutoCloseable service : started) {
                try {
                    service.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static boolean has(ConfigurableEnvironment environment, String property) {
        return StringUtils.hasText(environment.getProperty(property));
    }

    @Override
    public int getOrder() {
        return MilkEnvironmentPostProcessor.ORDER + 1;
    }
}
