package dev.milk.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StringUtils;

/**
 * What the process was started with, read before Boot's config data: secrets from files
 * ({@code MILK_*_FILE}), the original Milk's settings where Milk's are absent, and the role, whose
 * profile this activates so that Boot loads {@code application-<role>.yml} beside
 * {@code application.yml}. A profile rather than {@code spring.profiles.active: ${milk.role}} in
 * YAML: the role may come from the original's {@code READS_ENABLED} / {@code WRITES_ENABLED}, and a
 * wrong one must stop start-up naming {@code MILK_ROLE}, not load no file.
 */
public final class ProcessSettings implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "milkProcessSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        readSecretFiles(environment);
        Map<String, Object> original = OriginalMilkSettings.translate(environment);
        if (!original.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE + ".original", original));
        }
        environment.addActiveProfile(MilkRole.of(environment).label());
    }

    /**
     * Docker secrets: {@code MILK_X_FILE=/run/secrets/x} sets {@code MILK_X} to the file's content,
     * through the same relaxed names as a real environment variable. Boot's {@code configtree:}
     * import cannot replace this: it reads a directory and names each property after a file in it,
     * so it cannot follow a variable to a file of any name, tell an empty {@code MILK_X} beside
     * {@code MILK_X_FILE} from a set one, refuse both being set, or name the variable when the file
     * cannot be read.
     */
    private static void readSecretFiles(ConfigurableEnvironment environment) {
        var systemEnvironment = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(systemEnvironment instanceof EnumerablePropertySource<?> variables)) {
            return;
        }
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (String name : variables.getPropertyNames()) {
            if (!name.startsWith("MILK_") || !name.endsWith("_FILE")) {
                continue;
            }
            String target = name.substring(0, name.length() - "_FILE".length());
            // Empty is unset, as .env.example's empty lines leave them once sourced.
            if (!StringUtils.hasText(String.valueOf(variables.getProperty(name)))) {
                continue;
            }
            if (StringUtils.hasText((String) variables.getProperty(target))) {
                throw new SettingException(name, "and " + target + " are both set; set only one");
            }
            Path file = Path.of(String.valueOf(variables.getProperty(name)));
            try {
                secrets.put(target, Files.readString(file).strip());
            } catch (IOException | RuntimeException e) {
                throw new SettingException(name, "names " + file + ", which cannot be read (" + e + ")");
            }
        }
        if (!secrets.isEmpty()) {
            // The name marks it as environment variables, so Boot maps MILK_A_B to milk.a-b as usual.
            environment.getPropertySources().addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(SOURCE + "Files-"
                            + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, secrets));
        }
    }

    /** Just before Boot's config data, which loads profile files only for the profiles active by then. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }
}
