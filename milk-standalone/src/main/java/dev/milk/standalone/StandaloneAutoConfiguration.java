package dev.milk.standalone;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/** The demo content of role all: {@code --demo} on the command line, or {@code MILK_DEMO=true}. */
@AutoConfiguration
@ConditionalOnRole(MilkRole.ALL)
public class StandaloneAutoConfiguration {

    @Bean
    @Conditional(DemoSwitch.class)
    DemoFeeder demoFeeder(Environment environment) {
        return new DemoFeeder(environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
                environment.getProperty("milk.http.port", Integer.class, 8080));
    }
}
