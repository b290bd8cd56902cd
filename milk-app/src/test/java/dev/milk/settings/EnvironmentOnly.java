package dev.milk.settings;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.milk.MilkApplication;

/** Milk started as a process with exactly these environment variables and nothing else (no system properties). */
final class EnvironmentOnly {

    private EnvironmentOnly() {
    }

    static ConfigurableApplicationContext start(Map<String, Object> variables, String... arguments) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new HashMap<>(variables)));
        var application = new SpringApplication(MilkApplication.class);
        application.setEnvironment(environment);
        return application.run(arguments);
    }

    /** Every message of a failure's cause chain, one a line. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
