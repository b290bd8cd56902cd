package dev.milk.standalone;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/** The demo content of role all: {@code --demo} on the command line, or {@code MILK_DEMO=true}. */
@AutoConfiguration
@ConditionalOnRole(MilkRole.ALL)
public class StandaloneAutoConfiguration {

    /** {@code --demo} arrives as the property {@code demo} with an empty value. */
    @Bean
    @ConditionalOnExpression("'${demo:false}' != 'false' || ${milk.demo:false}")
    DemoFeeder demoFeeder(Environment environment) {
        return new DemoFeeder(environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
                environment.getProperty("milk.http.port", Integer.class, 8080));
    }
}
