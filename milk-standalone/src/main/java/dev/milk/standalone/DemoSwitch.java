package dev.milk.standalone;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.milk.settings.SettingChecks;

/**
 * Whether the demo runs: {@code --demo} on the command line, or {@code MILK_DEMO=true}. The
 * argument is read from the command line alone: Boot's relaxed names would also read an unrelated
 * {@code DEMO} environment variable as {@code demo}, and start embedded services unasked.
 */
public final class DemoSwitch implements Condition {

    /** {@code MILK_DEMO}. */
    static final String DEMO_PROPERTY = "milk.demo";

    public static boolean on(Environment environment) {
        if (SettingChecks.flag(environment, DEMO_PROPERTY)) {
            return true;
        }
        if (environment instanceof ConfigurableEnvironment configurable) {
            PropertySource<?> arguments = configurable.getPropertySources()
                    .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
            // --demo arrives with an empty value, --demo=false with "false".
            return arguments != null && arguments.containsProperty("demo")
                    && !"false".equals(String.valueOf(arguments.getProperty("demo")));
        }
        return false;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return on(context.getEnvironment());
    }
}
