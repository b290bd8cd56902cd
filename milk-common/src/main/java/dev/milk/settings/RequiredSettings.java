package dev.milk.settings;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * The connections a role cannot start without, checked after every other post-processor (the
 * standalone run's may have started embedded ones): a missing one stops start-up naming it.
 */
public final class RequiredSettings implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MilkRole role = MilkRole.of(environment);
        String because = role == MilkRole.ALL
                ? " (embedded services start only in README's run command, or with MILK_EMBEDDED=true)"
                : " (only role all starts embedded services, in README's run command)";
        if (role == MilkRole.IMPORT_DCE) {
            // An import of DCE's exports publishes to Kafka as a bot does: Milk's database is the writers'.
            if (!has(environment, "milk.kafka.bootstrap-servers")) {
                throw new SettingException("MILK_KAFKA_BOOTSTRAP_SERVERS", "is not set; role import-dce publishes to it");
            }
            return;
        }
        boolean database = has(environment, "milk.database.url")
                || (role == MilkRole.READS && has(environment, "milk.reads.database.url"));
        if (!database) {
            throw new SettingException("MILK_DATABASE_URL", "is not set; role " + role.label() + " requires it" + because);
        }
        if (role.runs(MilkRole.WRITES) && !has(environment, "milk.kafka.bootstrap-servers")) {
            throw new SettingException("MILK_KAFKA_BOOTSTRAP_SERVERS",
                    "is not set; role " + role.label() + " requires it" + because);
        }
    }

    private static boolean has(ConfigurableEnvironment environment, String property) {
        return StringUtils.hasText(environment.getProperty(property));
    }

    /** After Milk's own settings and the standalone run's services. */
    @Override
    public int getOrder() {
        return MilkEnvironmentPostProcessor.ORDER + 10;
    }
}
